package org.apache.commons.collections.functors;

import java.io.Serializable;

/**
 * Named like commons-collections' gadget class, to show the executor's filter refusing it: this one
 * does nothing, the real one calls any method by reflection when a collection around it is read.
 */
public class InvokerTransformer implements Serializable {
  private static final long serialVersionUID = 1L;

  public final String methodName;

  public InvokerTransformer(String methodName) {
    this.methodName = methodName;
  }
}
