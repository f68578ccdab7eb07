{{- define "chordmr.labels" -}}
app.kubernetes.io/name: chordmr-operator
{{- end }}
