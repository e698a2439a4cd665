package org.metagov.sdk.testkit;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

/**
 * Makes plugin and process objects as CDI makes them in the runner, constructor injection included: the
 * {@code @Inject} constructor, else the only constructor, else the no-argument one; each parameter from the beans
 * the test kit provides.
 */
final class Construction {

    private Construction() {
    }

    static <T> T create(Class<T> type, Map<Class<?>, Object> beans) {
        Constructor<?> constructor = constructorOf(type);
        List<Object> arguments = new ArrayList<>();
        for (Class<?> parameter : constructor.getParameterTypes()) {
            Object bean = beans.get(parameter);
            if (bean == null) {
                throw new IllegalArgumentException(type.getName() + ": the test kit cannot inject a "
                        + parameter.getName() + " (it provides " + beans.keySet().stream().map(Class::getSimpleName)
                                .sorted().toList() + ")");
            }
            arguments.add(bean);
        }
        try {
            constructor.setAccessible(true);
            return type.cast(constructor.newInstance(arguments.toArray()));
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " cannot be constructed", e);
        }
    }

    private static Constructor<?> constructorOf(Class<?> type) {
        Constructor<?>[] all = type.getDeclaredConstructors();
        for (Constructor<?> c : all) {
            if (c.isAnnotationPresent(Inject.class)) {
                return c;
            }
        }
        if (all.length == 1) {
            return all[0];
        }
        for (Constructor<?> c : all) {
            if (c.getParameterCount() == 0) {
                return c;
            }
        }
        throw new IllegalArgumentException(type.getName()
                + ": several constructors and none marked @Inject; CDI could not choose either");
    }
}
