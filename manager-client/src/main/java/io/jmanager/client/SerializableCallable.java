package io.jmanager.client;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task without arguments a {@link Pool} can send to its workers; see {@link
 * SerializableFunction}.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface SerializableCallable<R> extends Callable<R>, Serializable {}
