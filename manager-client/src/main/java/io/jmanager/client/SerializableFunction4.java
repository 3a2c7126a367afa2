package io.jmanager.client;

import java.io.Serializable;

/**
 * A four-argument function a {@link Pool} can send to its workers, for {@link Pool#starmap} over
 * argument lists through {@link Pool#star(SerializableFunction4)}; see {@link
 * SerializableFunction}.
 *
 * @param <A> the first argument's type
 * @param <B> the second argument's type
 * @param <C> the third argument's type
 * @param <D> the fourth argument's type
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableFunction4<A, B, C, D, R> extends Serializable {
  /** Applies this function to the arguments. */
  R apply(A a, B b, C c, D d);
}
