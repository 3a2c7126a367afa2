/**
 * The parts of the Docker Compose demo, one main class per container: a {@link
 * io.jmanager.examples.compose.Producer} of orders, {@link io.jmanager.examples.compose.Consumer}s
 * that take them, a {@link io.jmanager.examples.compose.CounterJob} of child JVMs adding to one
 * counter, and a {@link io.jmanager.examples.compose.Monitor} that reports progress and checks the
 * totals; {@link io.jmanager.examples.compose.Demo} names the shared objects they use.
 */
package io.jmanager.examples.compose;
