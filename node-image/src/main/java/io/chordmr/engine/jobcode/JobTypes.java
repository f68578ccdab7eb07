package io.chordmr.engine.jobcode;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;

/** Reads the actual type arguments a class gives a generic interface, through its superclasses. */
public final class JobTypes {

    private JobTypes() {
    }

    /** The classes {@code impl} binds {@code iface}'s type parameters to; null where it leaves one open. */
    public static Class<?>[] arguments(Class<?> impl, Class<?> iface) {
        Class<?>[] found = search(impl, iface, new HashMap<>());
        if (found == null) {
            throw new IllegalArgumentException(impl.getName() + " does not implement " + iface.getSimpleName());
        }
        return found;
    }

    private static Class<?>[] search(Type type, Class<?> iface, Map<TypeVariable<?>, Type> bindings) {
        Class<?> raw;
        Map<TypeVariable<?>, Type> here = new HashMap<>(bindings);
        if (type instanceof ParameterizedType pt) {
            raw = (Class<?>) pt.getRawType();
            TypeVariable<?>[] params = raw.getTypeParameters();
            Type[] args = pt.getActualTypeArguments();
            for (int i = 0; i < params.length; i++) {
                here.put(params[i], args[i] instanceof TypeVariable<?> tv && bindings.containsKey(tv) ? bindings.get(tv) : args[i]);
            }
        } else if (type instanceof Class<?> c) {
            raw = c;
        } else {
            return null;
        }
        if (raw == iface) {
            TypeVariable<?>[] params = raw.getTypeParameters();
            Class<?>[] out = new Class<?>[params.length];
            for (int i = 0; i < params.length; i++) {
                out[i] = toClass(here.get(params[i]));
            }
            return out;
        }
        for (Type t : raw.getGenericInterfaces()) {
            Class<?>[] r = search(t, iface, here);
            if (r != null) {
                return r;
            }
        }
        return raw.getGenericSuperclass() == null ? null : search(raw.getGenericSuperclass(), iface, here);
    }

    private static Class<?> toClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (t instanceof GenericArrayType g && toClass(g.getGenericComponentType()) == byte.class) {
            return byte[].class;
        }
        return null;
    }
}
