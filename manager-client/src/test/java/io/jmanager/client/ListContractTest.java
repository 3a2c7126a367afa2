package io.jmanager.client;

import com.google.common.collect.testing.ListTestSuiteBuilder;
import com.google.common.collect.testing.TestStringListGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.ListFeature;
import java.util.Arrays;
import java.util.List;
import junit.framework.Test;

/** Guava testlib's List contract, run against list proxies on a real server. */
public final class ListContractTest {
  private ListContractTest() {}

  /** The suite, found by JUnit's vintage engine. */
  public static Test suite() {
    return ListTestSuiteBuilder.using(
            new TestStringListGenerator() {
              @Override
              protected List<String> create(String[] elements) {
                List<String> list = ContractSuites.manager().list(ContractSuites.freshName("list"));
                list.addAll(Arrays.asList(elements));
                return list;
              }
            })
        .named("SharedList")
        .withFeatures(
            CollectionSize.ANY,
            ListFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
        .createTestSuite();
  }
}
