package io.jmanager.client;

import java.io.Serializable;

/**
 * Code a {@link Pool} can send to its workers without expecting a result, such as its initializer,
 * or a barrier's action ({@link Manager#barrier(String, int, SerializableRunnable,
 * java.time.Duration)}); see {@link SerializableFunction}.
 */
@FunctionalInterface
public interface SerializableRunnable extends Runnable, Serializable {}
