package io.jmanager.client;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A function a {@link Pool} can send to its workers: a lambda or method reference typed as this is
 * serializable. What it captures must be values registered with {@link Manager.Builder#register}.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
