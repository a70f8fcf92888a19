/**
 * State that survives restarts: a key-value {@link dev.philjs.core.persist.StateStorage}
 * in the spirit of Web Storage (in memory or one file per key), text
 * {@link dev.philjs.core.persist.Codec codecs}, and reactive values written behind to it:
 * {@link dev.philjs.core.persist.PersistentSignal},
 * {@link dev.philjs.core.persist.PersistentMap} (one stored entry per key) and
 * {@link dev.philjs.core.persist.CachedResource} (stale-while-revalidate). They are
 * created by {@link dev.philjs.core.persist.Persistence}.
 *
 * <p>
 * Storage I/O never runs under the graph lock: writes happen on the
 * {@link java.util.concurrent.ScheduledExecutorService} given in
 * {@link dev.philjs.core.persist.PersistOptions}, or on the thread that calls
 * {@code flush()} or {@code close()}.
 */
@NullMarked
package dev.philjs.core.persist;

import org.jspecify.annotations.NullMarked;
