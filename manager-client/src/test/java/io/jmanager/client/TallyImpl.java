package io.jmanager.client;

/** The implementation the tests' server installs for {@link Tally}. */
public final class TallyImpl implements Tally {
  private int total;
  private Entry largest;

  @Override
  public int add(Entry entry) {
    total += entry.amount();
    if (largest == null || entry.amount() > largest.amount()) {
      largest = entry;
    }
    return total;
  }

  @Override
  public Entry largest() {
    return largest;
  }

  @Override
  public void fail(String why) {
    throw new IllegalStateException(why);
  }

  @Override
  public void store(Object anything) {
    largest = null;
  }

  /** Public, but not in the interface: clients cannot call it. */
  public void reset() {
    total = 0;
  }
}
