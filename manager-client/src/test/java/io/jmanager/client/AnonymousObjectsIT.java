package io.jmanager.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jmanager.protocol.ObjectType;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Objects without a name, deleted with the manager that made them, and objects made full. */
class AnonymousObjectsIT {
  @RegisterExtension static final ServerExtension server = new ServerExtension();

  @Test
  void anonymousDict_reachesAChildByItsName_andGoesWhenItsManagerCloses() throws Exception {
    Manager owner = Manager.connect("127.0.0.1", server.port(), ServerExtension.KEY);
    Manager other = server.connect();
    SharedDict<String, Integer> counts = owner.dict(Map.of("count", 100));
    JvmProcess child =
        JvmProcess.builder(Children.Decrement.class)
            .manager(owner)
            .jvmOptions(Children.FAST_START)
            .args(counts.name())
            .start();
    assertThat(child.join(Duration.ofSeconds(60))).isTrue();
    SharedDict<String, Integer> seen = other.dict(counts.name());

    assertThat(child.exitCode()).hasValue(0);
    assertThat(counts.get("count")).isEqualTo(99);
    assertThat(seen.get("count")).isEqualTo(99);

    owner.close();

    await().atMost(30, TimeUnit.SECONDS).until(() -> !other.names().containsKey(counts.name()));
    assertThatThrownBy(() -> seen.get("count")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anonymousObject_goesWhenItsCreatorDiesOutright() throws Exception {
    Manager manager = server.connect();
    JvmProcess owner =
        JvmProcess.builder(Children.AnonymousOwner.class)
            .manager(manager)
            .jvmOptions(Children.FAST_START)
            .args("anonymous-owner")
            .start();
    Map<String, String> seen = manager.dict("anonymous-owner");
    await().atMost(60, TimeUnit.SECONDS).until(() -> seen.containsKey("name"));
    String name = seen.get("name");
    assertThat(manager.names()).containsEntry(name, ObjectType.QUEUE);

    owner.kill();

    await().atMost(60, TimeUnit.SECONDS).until(() -> !manager.names().containsKey(name));
  }

  @Test
  void everyAnonymousFactory_makesItsTypeUnderANewName() throws Exception {
    Manager manager = server.connect();
    SharedQueue<String> bounded = manager.queue(1);
    SharedSemaphore permits = manager.semaphore(2);
    SharedValue<Integer> hits = manager.value(7);
    SharedArray numbers = manager.array(SharedArray.ElementType.LONG, 3);
    SharedCondition condition = manager.condition();
    List<String> names =
        Stream.of(
                manager.dict().name(),
                manager.list().name(),
                manager.queue().name(),
                bounded.name(),
                manager.joinableQueue().name(),
                manager.joinableQueue(4).name(),
                manager.lock().name(),
                manager.rlock().name(),
                permits.name(),
                manager.boundedSemaphore(1).name(),
                manager.event().name(),
                manager.barrier(2).name(),
                hits.name(),
                manager.namespace().name(),
                numbers.name(),
                condition.name())
            .toList();

    assertThat(Set.copyOf(names)).hasSize(names.size());
    assertThat(bounded.offer("a")).isTrue();
    assertThat(bounded.offer("b")).isFalse();
    assertThat(permits.availablePermits()).isEqualTo(2);
    assertThat(hits.get()).isEqualTo(7);
    assertThat(numbers.toLongArray()).containsExactly(0, 0, 0);
    assertThat(manager.condition(condition.name()).lock().name()).isEqualTo(condition.name());
    Map<String, ObjectType> types = manager.names();
    assertThat(names.stream().map(types::get).collect(Collectors.toSet()))
        .doesNotContainNull()
        .contains(ObjectType.BARRIER, ObjectType.JOINABLE_QUEUE, ObjectType.RLOCK);
  }

  @Test
  void namedDictAndList_withContents_areCreatedFull_andAnExistingOneIsLeftAsItIs() {
    Manager manager = server.connect();

    SharedDict<String, Integer> stock = manager.dict("stock-full", Map.of("apples", 3));
    SharedDict<String, Integer> again = manager.dict("stock-full", Map.of("pears", 5));
    SharedList<Integer> numbers = manager.list("numbers-full", List.of(0, 1, 2, 3, 4));
    SharedList<Integer> anonymous = manager.list(List.of(5, 6));

    assertThat(again).isEqualTo(Map.of("apples", 3));
    assertThat(stock.name()).isEqualTo("stock-full");
    assertThat(numbers).containsExactly(0, 1, 2, 3, 4);
    assertThat(anonymous).containsExactly(5, 6);
    assertThatThrownBy(() -> manager.list("numbers-full", Arrays.asList(1, null)))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> manager.dict("numbers-full", Map.of("a", 1)))
        .isInstanceOf(WrongTypeException.class);
  }
}
