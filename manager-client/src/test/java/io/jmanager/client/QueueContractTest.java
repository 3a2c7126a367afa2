package io.jmanager.client;

import com.google.common.collect.testing.QueueTestSuiteBuilder;
import com.google.common.collect.testing.TestStringQueueGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import java.util.Arrays;
import java.util.Queue;
import junit.framework.Test;

/** Guava testlib's Queue contract, run against queue proxies on a real server. */
public final class QueueContractTest {
  private QueueContractTest() {}

  /** The suite, found by JUnit's vintage engine. */
  public static Test suite() {
    return QueueTestSuiteBuilder.using(
            new TestStringQueueGenerator() {
              @Override
              protected Queue<String> create(String[] elements) {
                Queue<String> queue =
                    ContractSuites.manager().queue(ContractSuites.freshName("queue"));
                queue.addAll(Arrays.asList(elements));
                return queue;
              }
            })
        .named("SharedQueue")
        .withFeatures(
            CollectionSize.ANY, CollectionFeature.GENERAL_PURPOSE, CollectionFeature.KNOWN_ORDER)
        .createTestSuite();
  }
}
