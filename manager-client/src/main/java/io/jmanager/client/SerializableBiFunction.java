package io.jmanager.client;

import java.io.Serializable;
import java.util.function.BiFunction;

/**
 * A two-argument function a {@link Pool} can send to its workers, for {@link Pool#starmap}; see
 * {@link SerializableFunction}.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableBiFunction<A, B, R> extends BiFunction<A, B, R>, Serializable {}
