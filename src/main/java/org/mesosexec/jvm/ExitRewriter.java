package org.mesosexec.jvm;

import java.nio.charset.StandardCharsets;
import org.mesosexec.api.TaskExit;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Rewrites the calls that end the JVM in a task's class file into calls of {@link TaskExit}, which
 * throw instead: {@code System.exit(int)}, {@code Runtime.exit(int)} and {@code Runtime.halt(int)},
 * as instructions and as method references ({@code System::exit}). The replacements take the same
 * arguments and return nothing, so the stack keeps its shape and no frame is recomputed. Calls
 * through reflection, method handles looked up at run time, or native code are not seen.
 */
final class ExitRewriter {
  private static final String SYSTEM = "java/lang/System";
  private static final String RUNTIME = "java/lang/Runtime";
  private static final String TASK_EXIT = Type.getInternalName(TaskExit.class);
  private static final String EXIT_INT = "(I)V";
  private static final String RUNTIME_INT = "(Ljava/lang/Runtime;I)V";

  private ExitRewriter() {}

  /** The class file with its exit calls rewritten; the same array when it has none. */
  static byte[] rewrite(byte[] classFile) {
    if (!mentionsExit(classFile)) {
      return classFile;
    }
    ClassReader reader = new ClassReader(classFile);
    ClassWriter writer = new ClassWriter(reader, 0);
    reader.accept(new Visitor(writer), 0);
    return writer.toByteArray();
  }

  /** Both owners' names are in the constant pool of any class that calls them: a cheap filter. */
  private static boolean mentionsExit(byte[] classFile) {
    String text = new String(classFile, StandardCharsets.ISO_8859_1);
    return (text.contains(SYSTEM) || text.contains(RUNTIME))
        && (text.contains("exit") || text.contains("halt"));
  }

  /** The replacement of a call of {@code owner.name(descriptor)}, or null to keep it. */
  private static String[] replacement(String owner, String name, String descriptor) {
    if (owner.equals(SYSTEM) && name.equals("exit") && descriptor.equals(EXIT_INT)) {
      return new String[] {"exit", EXIT_INT};
    }
    if (owner.equals(RUNTIME)
        && (name.equals("exit") || name.equals("halt"))
        && descriptor.equals(EXIT_INT)) {
      return new String[] {name, RUNTIME_INT};
    }
    return null;
  }

  private static Object handle(Object constant) {
    if (constant instanceof Handle h) {
      String[] to = replacement(h.getOwner(), h.getName(), h.getDesc());
      if (to != null) {
        return new Handle(Opcodes.H_INVOKESTATIC, TASK_EXIT, to[0], to[1], false);
      }
    }
    return constant;
  }

  private static final class Visitor extends ClassVisitor {
    Visitor(ClassVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      return new Calls(super.visitMethod(access, name, descriptor, signature, exceptions));
    }
  }

  private static final class Calls extends MethodVisitor {
    Calls(MethodVisitor next) {
      super(Opcodes.ASM9, next);
    }

    @Override
    public void visitMethodInsn(
        int opcode, String owner, String name, String descriptor, boolean isInterface) {
      String[] to = replacement(owner, name, descriptor);
      if (to == null) {
        super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
      } else {
        super.visitMethodInsn(Opcodes.INVOKESTATIC, TASK_EXIT, to[0], to[1], false);
      }
    }

    @Override
    public void visitInvokeDynamicInsn(
        String name, String descriptor, Handle bootstrap, Object... arguments) {
      Object[] rewritten = arguments.clone();
      for (int i = 0; i < rewritten.length; i++) {
        rewritten[i] = handle(rewritten[i]);
      }
      super.visitInvokeDynamicInsn(name, descriptor, bootstrap, rewritten);
    }

    @Override
    public void visitLdcInsn(Object value) {
      super.visitLdcInsn(handle(value));
    }
  }
}
