package org.mesosexec.submit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.Protos.Offer;
import org.apache.mesos.Protos.Resource;
import org.apache.mesos.Protos.Value;

/**
 * What is left of one offer's scalar resources (cpus, mem, disk, ...) as tasks are placed in it.
 * Not thread-safe: used within one {@code resourceOffers} callback.
 */
final class OfferFit {
  private final Map<String, Double> left = new HashMap<>();

  OfferFit(Offer offer) {
    add(offer.getResourcesList(), left);
  }

  /** Takes {@code needed} from what is left, if all of it fits; returns whether it did. */
  boolean take(List<Resource> needed) {
    Map<String, Double> want = new HashMap<>();
    add(needed, want);
    for (Map.Entry<String, Double> e : want.entrySet()) {
      // A small tolerance: offers carry doubles that were summed and split by the master.
      if (left.getOrDefault(e.getKey(), 0.0) + 1e-9 < e.getValue()) {
        return false;
      }
    }
    want.forEach((name, amount) -> left.merge(name, -amount, Double::sum));
    return true;
  }

  private static void add(List<Resource> resources, Map<String, Double> into) {
    for (Resource r : resources) {
      if (r.getType() == Value.Type.SCALAR) {
        into.merge(r.getName(), r.getScalar().getValue(), Double::sum);
      }
    }
  }
}
