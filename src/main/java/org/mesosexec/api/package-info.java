/**
 * The executor's API for framework authors: {@link org.mesosexec.api.Task} and {@link
 * org.mesosexec.api.TaskContext}. Published as its own small jar ({@code classifier api}) with the
 * scheduler-side client, and with nothing of the executor's internals, logging or JSON libraries.
 */
package org.mesosexec.api;
