package org.mesosexec.jvm;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.mesosexec.api.Task;
import org.mesosexec.api.TaskContext;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/** Writes jars whose task classes return a given string, to tell two versions of a jar apart. */
final class VersionedJar {
  private VersionedJar() {}

  /**
   * Writes {@code jar} with the task classes {@code names} (binary names), returning {@code
   * result}.
   */
  static void write(Path jar, String result, String... names) throws IOException {
    Files.createDirectories(jar.getParent());
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      out.putNextEntry(new JarEntry("gen/")); // a directory, as jar tools write them
      out.closeEntry();
      for (String name : names) {
        out.putNextEntry(new JarEntry(name.replace('.', '/') + ".class"));
        out.write(taskClass(name.replace('.', '/'), result));
        out.closeEntry();
      }
    }
  }

  /** Replaces {@code jar} as a fetcher does: a new file renamed over the old one. */
  static void replace(Path jar, String result, String... names) throws IOException {
    Path next = jar.resolveSibling(jar.getFileName() + ".next");
    write(next, result, names);
    Files.move(next, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static byte[] taskClass(String internalName, String result) {
    ClassWriter w = new ClassWriter(ClassWriter.COMPUTE_MAXS);
    w.visit(
        Opcodes.V17,
        Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_SUPER,
        internalName,
        null,
        "java/lang/Object",
        new String[] {Type.getInternalName(Task.class)});
    MethodVisitor init = w.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
    init.visitCode();
    init.visitVarInsn(Opcodes.ALOAD, 0);
    init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
    init.visitInsn(Opcodes.RETURN);
    init.visitMaxs(0, 0);
    init.visitEnd();
    String run =
        Type.getMethodDescriptor(Type.getType(Object.class), Type.getType(TaskContext.class));
    MethodVisitor m = w.visitMethod(Opcodes.ACC_PUBLIC, "run", run, null, null);
    m.visitCode();
    m.visitLdcInsn(result);
    m.visitInsn(Opcodes.ARETURN);
    m.visitMaxs(0, 0);
    m.visitEnd();
    w.visitEnd();
    return w.toByteArray();
  }
}
