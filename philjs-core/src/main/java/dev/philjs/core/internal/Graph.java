package dev.philjs.core.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.philjs.core.CycleDetectedException;
import dev.philjs.core.Disposable;
import dev.philjs.core.Owner;
import org.jspecify.annotations.Nullable;

import static dev.philjs.core.internal.Node.DIRTY;
import static dev.philjs.core.internal.Node.DISPOSED;
import static dev.philjs.core.internal.Node.EFFECT;
import static dev.philjs.core.internal.Node.MEMO;
import static dev.philjs.core.internal.Node.OWNS;
import static dev.philjs.core.internal.Node.PENDING;
import static dev.philjs.core.internal.Node.QUEUED;
import static dev.philjs.core.internal.Node.RUNNING;
import static dev.philjs.core.internal.Node.SIGNAL;

/**
 * The propagation kernel: one graph per JVM, guarded by one lock.
 *
 * <h2>Algorithm</h2> Push-pull with colouring, in the family of alien-signals, reactively
 * and preact. A write to a signal stores the value, marks the signal {@code DIRTY} and
 * walks its subscribers depth-first (without recursion), marking every reachable memo and
 * effect {@code PENDING} ("maybe stale") and queueing the effects. The walk stops at
 * nodes that are already marked, so a burst of writes touches each node once. Nothing is
 * computed during the push. At the end of the outermost write or batch the queued effects
 * are flushed: each one pulls ({@link #checkDirty}) its dependencies in the order it last
 * read them; a pending memo is checked the same way, depth-first with an explicit stack,
 * and recomputed only when one of its own dependencies really changed ({@code DIRTY}). A
 * dependency whose recomputation gives an equal value does not mark its subscribers, so
 * equality cuts propagation (T23-T27), and every node is evaluated at most once per
 * change, after all of its dependencies (glitch freedom, T10-T22).
 *
 * <p>
 * Signals keep the value last seen by their subscribers ({@code observed}) beside the
 * current one; the comparison happens when a subscriber pulls, so a batch that writes a
 * value and then writes the old value back changes nothing downstream (T45).
 *
 * <p>
 * Dependencies are {@link Link} objects that sit in two doubly linked lists at once. A
 * run of a memo or an effect walks its previous dependency list with a cursor
 * ({@code depsTail}) and reuses a link when the same dependency is read in the same
 * position, so that a steady-state run allocates nothing; what was not read again is
 * unlinked at the end of the run. A memo that loses its last subscriber unlinks from its
 * own dependencies (it becomes lazy again, T09).
 *
 * <h2>Threading</h2> One lock ({@link GraphLock}) guards the whole graph: every write,
 * every read that may compute or track, every effect run, every disposal. The thread that
 * holds the lock runs nested operations without touching the lock again (its owner thread
 * is the lock's, {@link GraphLock#holder}). A thread that does not hold the lock reads a
 * clean signal or memo optimistically: the lock's state counts lock sections, and the
 * read keeps the value only if no section started or ended while it read
 * ({@link #optimisticStamp}, {@link #validate}). Effects run synchronously on the writing
 * thread, before its write (or outermost batch) returns. A batch holds the lock for its
 * whole body, so other threads see all of its writes or none. Since there is one lock,
 * the library cannot deadlock on its own; user code can, if an effect blocks waiting for
 * a thread that wants to touch the graph. Asynchronous listeners
 * ({@code subscribe(listener, executor)}) run outside the lock.
 *
 * <p>
 * The current owner lives in a per-thread {@link Frame}, because owners are also current
 * outside the lock (inside {@code createRoot}, {@code Context.provide} and
 * {@code runWithOwner} bodies); the current subscriber ({@link #activeSub}) only exists
 * under the lock and is a plain field.
 */
public final class Graph {

	static final Object NOT_FOUND = new Object();

	private static final int DEFAULT_FLUSH_PASS_LIMIT = Integer.getInteger("philjs.flushPassLimit", 100);

	private static final GraphLock lock = new GraphLock();

	private static final ThreadLocal<Frame> frames = ThreadLocal.withInitial(Frame::new);

	/** Stands for "the owner in the lock holder's frame, not loaded yet". */
	private static final OwnerNode UNLOADED = new RootNode(null, "unloaded");

	/**
	 * The current owner of the lock holder (the per-thread frame holds it outside the
	 * lock), loaded from the frame only when something asks for it.
	 */
	private static @Nullable OwnerNode activeOwner;

	static @Nullable OwnerNode activeSub;

	/**
	 * The subscriber that was running when {@link #activeOwner} was set. The lock
	 * holder's current owner is {@link #activeSub} (a memo or an effect running its body)
	 * unless {@code activeSub} is null or is this node; then it is {@code activeOwner}.
	 * So a memo or effect run touches nothing but {@code activeSub} to become the owner,
	 * while a context scope or {@code runWithOwner} inside a run sets {@code activeOwner}
	 * together with this field. Code that clears {@code activeSub} around user code
	 * (untrack, custom equalities, cleanups) pins the owner first ({@code activeOwner} =
	 * the current owner, this field null). Everything that sets these fields restores
	 * them in a {@code finally}; a node never runs inside its own run (that is a cycle),
	 * so an inner run is never mistaken for the run that set the owner.
	 */
	private static @Nullable OwnerNode ownerSetUnder;

	private static int batchDepth;

	private static boolean flushing;

	/** Effect runs since the JVM started (guarded by the lock). */
	private static long effectRuns;

	private static EffectNode[] queue = new EffectNode[64];

	private static int queueHead;

	private static int queueTail;

	private static Link[] stack = new Link[64];

	private static int sp;

	private static volatile int flushPassLimit = DEFAULT_FLUSH_PASS_LIMIT;

	private Graph() {
	}

	// ---------------------------------------------------------------- lock

	/**
	 * Enters the graph lock unless this thread already holds it.
	 * @return whether the lock was acquired now (and must be released by {@link #exit})
	 */
	static boolean enter() {
		Thread me = Thread.currentThread();
		if (lock.holder() == me) {
			return false;
		}
		lock.lock(me);
		activeOwner = UNLOADED;
		ownerSetUnder = null;
		return true;
	}

	static void exit(boolean acquired) {
		if (acquired) {
			activeOwner = null;
			lock.unlock();
		}
	}

	static boolean holdsLock() {
		return lock.holder() == Thread.currentThread();
	}

	/**
	 * Starts an optimistic read outside the lock (see {@link GraphLock}).
	 * @return the stamp to pass to {@link #validate}; odd when the lock is held
	 */
	static int optimisticStamp() {
		return lock.stamp();
	}

	/**
	 * Tells whether no lock section started or ended since {@code stamp} was taken, so
	 * that the plain fields read since then are a consistent snapshot.
	 * @param stamp an even stamp from {@link #optimisticStamp}
	 * @return whether the reads are valid
	 */
	static boolean validate(int stamp) {
		VarHandle.acquireFence();
		return lock.stamp() == stamp;
	}

	/**
	 * The graph lock: a non-reentrant mutex (reentrancy is handled by
	 * {@link Graph#enter}) whose state counts lock sections, like a sequence lock: even
	 * when free, odd when held, incremented by every acquisition and every release. A
	 * thread that does not hold the lock may read a clean node's value without taking it:
	 * it reads the state (even), the node's fields, and the state again (after an acquire
	 * fence); if the state did not change, no lock section ran in between and the fields
	 * form the state left by the last release (the validation of
	 * {@link java.util.concurrent.locks.StampedLock#tryOptimisticRead}). Waiting threads
	 * queue and park in {@link AbstractQueuedSynchronizer}, and the holder is its
	 * exclusive owner thread, so thread dumps show who holds the graph.
	 */
	static final class GraphLock extends AbstractQueuedSynchronizer {

		private static final long serialVersionUID = 1L;

		void lock(Thread me) {
			acquire(1);
			setExclusiveOwnerThread(me);
		}

		void unlock() {
			setExclusiveOwnerThread(null);
			release(1);
		}

		/** The thread holding the lock; only its own thread can read itself here. */
		@Nullable Thread holder() {
			return getExclusiveOwnerThread();
		}

		int stamp() {
			return getState();
		}

		@Override
		protected boolean tryAcquire(int ignored) {
			int s = getState();
			return (s & 1) == 0 && compareAndSetState(s, s + 1);
		}

		@Override
		protected boolean tryRelease(int ignored) {
			setState(getState() + 1);
			return true;
		}

		@Override
		protected boolean isHeldExclusively() {
			return getExclusiveOwnerThread() == Thread.currentThread();
		}

	}

	/** Returns the calling thread's current owner. */
	private static @Nullable OwnerNode currentOwner() {
		if (!holdsLock()) {
			return frames.get().owner;
		}
		OwnerNode sub = activeSub;
		if (sub != null && sub != ownerSetUnder) {
			return sub;
		}
		OwnerNode owner = activeOwner;
		if (owner == UNLOADED) {
			owner = frames.get().owner;
			activeOwner = owner;
		}
		return owner;
	}

	/** Per-thread state that outlives a lock section. */
	static final class Frame {

		@Nullable OwnerNode owner;

	}

	// ---------------------------------------------------------------- configuration

	/**
	 * Sets how many flush passes may follow one write before effects that keep
	 * re-triggering each other are stopped with a {@link CycleDetectedException}.
	 * @param limit the limit, at least 1
	 */
	public static void setFlushPassLimit(int limit) {
		if (limit < 1) {
			throw new IllegalArgumentException("flush pass limit must be at least 1, was " + limit);
		}
		flushPassLimit = limit;
	}

	/**
	 * Returns how many times effects have run since the JVM started.
	 * @return the count
	 */
	public static long effectRuns() {
		boolean acquired = enter();
		try {
			return effectRuns;
		}
		finally {
			exit(acquired);
		}
	}

	/**
	 * Returns the flush-pass limit.
	 * @return the limit
	 */
	public static int flushPassLimit() {
		return flushPassLimit;
	}

	// ---------------------------------------------------------------- factories

	public static <T> dev.philjs.core.Signal<T> signal(@Nullable String name, T initial,
			@Nullable BiPredicate<? super T, ? super T> equals) {
		return new SignalNode<>(name, initial, equals);
	}

	public static <T> dev.philjs.core.Memo<T> memo(@Nullable String name, Supplier<T> fn,
			@Nullable BiPredicate<? super T, ? super T> equals) {
		requireNonNull(fn, "memo function");
		boolean acquired = enter();
		try {
			OwnerNode owner = currentOwnerForCreation("memo");
			MemoNode<T> memo = new MemoNode<>(owner, name, fn, equals);
			attach(owner, memo);
			return memo;
		}
		finally {
			exit(acquired);
		}
	}

	public static dev.philjs.core.Effect effect(@Nullable String name, Runnable fn) {
		requireNonNull(fn, "effect function");
		boolean acquired = enter();
		try {
			OwnerNode owner = currentOwnerForCreation("effect");
			EffectNode effect = new EffectNode(owner, name, fn);
			attach(owner, effect);
			batchDepth++;
			try {
				runEffect(effect);
			}
			catch (Throwable ex) {
				disposeQuietly(effect, ex);
				throw ex;
			}
			finally {
				batchDepth--;
			}
			if (batchDepth == 0) {
				flush();
			}
			return effect;
		}
		finally {
			exit(acquired);
		}
	}

	public static <T> T createRoot(@Nullable String name, Function<Disposable, T> body) {
		requireNonNull(body, "root body");
		RootNode root;
		boolean acquired = enter();
		try {
			OwnerNode owner = currentOwnerForCreation("root");
			root = new RootNode(owner, name);
			attach(owner, root);
		}
		finally {
			exit(acquired);
		}
		return runWithOwner(root, () -> body.apply(root));
	}

	public static void onCleanup(Runnable cleanup) {
		requireNonNull(cleanup, "cleanup");
		boolean acquired = enter();
		try {
			OwnerNode owner = currentOwner();
			if (owner == null) {
				throw new IllegalStateException(
						"onCleanup called outside any owner: call it inside an effect, a memo, createRoot or runWithOwner");
			}
			if ((owner.flags & DISPOSED) != 0 && (owner.flags & RUNNING) == 0) {
				throw new IllegalStateException("onCleanup called on disposed owner " + owner.name());
			}
			if (owner instanceof ScopeNode) {
				attach(owner.parent, owner);
			}
			ArrayList<Runnable> list = owner.cleanups;
			if (list == null) {
				list = new ArrayList<>(2);
				owner.cleanups = list;
			}
			list.add(cleanup);
			owner.flags |= OWNS;
		}
		finally {
			exit(acquired);
		}
	}

	// ---------------------------------------------------------------- batch, untrack,
	// owner

	public static <T> T batch(Supplier<T> body) {
		requireNonNull(body, "batch body");
		boolean acquired = enter();
		try {
			batchDepth++;
			T result;
			try {
				result = body.get();
			}
			catch (Throwable ex) {
				throw endBatchAfterFailure(ex);
			}
			endBatch();
			return result;
		}
		finally {
			exit(acquired);
		}
	}

	/** Like {@link #batch(Supplier)}, without allocating a supplier per call. */
	public static void batch(Runnable body) {
		requireNonNull(body, "batch body");
		boolean acquired = enter();
		try {
			batchDepth++;
			try {
				body.run();
			}
			catch (Throwable ex) {
				throw endBatchAfterFailure(ex);
			}
			endBatch();
		}
		finally {
			exit(acquired);
		}
	}

	private static void endBatch() {
		if (--batchDepth == 0) {
			flush();
		}
	}

	/**
	 * Ends a batch whose body threw: the writes stay, pending effects run, the failure
	 * propagates.
	 */
	private static RuntimeException endBatchAfterFailure(Throwable ex) {
		if (--batchDepth == 0) {
			try {
				flush();
			}
			catch (Throwable flushFailure) {
				ex.addSuppressed(flushFailure);
			}
		}
		throw sneaky(ex);
	}

	public static <T> T untrack(Supplier<T> body) {
		requireNonNull(body, "untrack body");
		if (!holdsLock()) {
			return body.get();
		}
		OwnerNode prevSub = activeSub;
		OwnerNode prevOwner = activeOwner;
		OwnerNode prevSetUnder = ownerSetUnder;
		if (prevSub != null && prevSub != prevSetUnder) {
			activeOwner = prevSub;
		}
		ownerSetUnder = null;
		activeSub = null;
		try {
			return body.get();
		}
		finally {
			activeSub = prevSub;
			activeOwner = prevOwner;
			ownerSetUnder = prevSetUnder;
		}
	}

	/**
	 * Runs a custom equality untracked: its reads belong to nobody, and it sees the same
	 * owner as its caller.
	 */
	static <T> boolean testUntracked(BiPredicate<? super T, ? super T> eq, @Nullable T a, @Nullable T b) {
		OwnerNode prevSub = activeSub;
		if (prevSub == null) {
			return eq.test(a, b);
		}
		OwnerNode prevOwner = activeOwner;
		OwnerNode prevSetUnder = ownerSetUnder;
		if (prevSub != null && prevSub != prevSetUnder) {
			activeOwner = prevSub;
		}
		ownerSetUnder = null;
		activeSub = null;
		try {
			return eq.test(a, b);
		}
		finally {
			activeSub = prevSub;
			activeOwner = prevOwner;
			ownerSetUnder = prevSetUnder;
		}
	}

	/** Applies an update function untracked, like {@link #testUntracked}. */
	static <T> T applyUntracked(UnaryOperator<T> fn, T value) {
		OwnerNode prevSub = activeSub;
		if (prevSub == null) {
			return fn.apply(value);
		}
		OwnerNode prevOwner = activeOwner;
		OwnerNode prevSetUnder = ownerSetUnder;
		if (prevSub != null && prevSub != prevSetUnder) {
			activeOwner = prevSub;
		}
		ownerSetUnder = null;
		activeSub = null;
		try {
			return fn.apply(value);
		}
		finally {
			activeSub = prevSub;
			activeOwner = prevOwner;
			ownerSetUnder = prevSetUnder;
		}
	}

	public static @Nullable Owner getOwner() {
		return currentOwner();
	}

	public static <T> T runWithOwner(@Nullable Owner owner, Supplier<T> body) {
		requireNonNull(body, "body");
		OwnerNode node = (owner != null) ? asNode(owner) : null;
		if (!holdsLock()) {
			return runWithFrameOwner(node, body);
		}
		OwnerNode prevOwner = activeOwner;
		OwnerNode prevSub = activeSub;
		OwnerNode prevSetUnder = ownerSetUnder;
		activeOwner = node;
		ownerSetUnder = null;
		activeSub = null;
		try {
			return body.get();
		}
		finally {
			activeOwner = prevOwner;
			ownerSetUnder = prevSetUnder;
			activeSub = prevSub;
		}
	}

	private static <T> T runWithFrameOwner(@Nullable OwnerNode owner, Supplier<T> body) {
		Frame frame = frames.get();
		OwnerNode prev = frame.owner;
		frame.owner = owner;
		try {
			return body.get();
		}
		finally {
			frame.owner = prev;
		}
	}

	// ---------------------------------------------------------------- context

	public static <R> R provide(Object[] keys, @Nullable Object[] values, Supplier<R> body) {
		requireNonNull(body, "body");
		OwnerNode parent = currentOwner();
		ScopeNode scope = new ScopeNode(parent, keys, values);
		return runWithOwnerKeepingTracking(scope, body);
	}

	private static <R> R runWithOwnerKeepingTracking(OwnerNode owner, Supplier<R> body) {
		if (!holdsLock()) {
			return runWithFrameOwner(owner, body);
		}
		OwnerNode prev = activeOwner;
		OwnerNode prevSetUnder = ownerSetUnder;
		activeOwner = owner;
		ownerSetUnder = activeSub;
		try {
			return body.get();
		}
		finally {
			activeOwner = prev;
			ownerSetUnder = prevSetUnder;
		}
	}

	/**
	 * Returns the value bound for {@code key} by the nearest enclosing scope.
	 * @param key the context
	 * @return the value, or {@link #NOT_FOUND}
	 */
	public static @Nullable Object lookupContext(Object key) {
		for (OwnerNode o = currentOwner(); o != null; o = o.parent) {
			Object value = o.contextValue(key);
			if (value != NOT_FOUND) {
				return value;
			}
		}
		return NOT_FOUND;
	}

	public static boolean isNotFound(@Nullable Object value) {
		return value == NOT_FOUND;
	}

	// ---------------------------------------------------------------- ownership

	private static @Nullable OwnerNode currentOwnerForCreation(String what) {
		OwnerNode owner = currentOwner();
		if (owner != null && (owner.flags & DISPOSED) != 0) {
			throw new IllegalStateException("Cannot create a " + what + " under disposed owner " + owner.name());
		}
		return owner;
	}

	private static void attach(@Nullable OwnerNode parent, OwnerNode child) {
		if (parent == null || child.attached) {
			return;
		}
		if ((parent.flags & DISPOSED) != 0) {
			throw new IllegalStateException("Owner " + parent.name() + " is disposed");
		}
		if (parent instanceof ScopeNode && !parent.attached) {
			attach(parent.parent, parent);
		}
		child.attached = true;
		parent.flags |= OWNS;
		OwnerNode last = parent.lastChild;
		child.prevSibling = last;
		if (last != null) {
			last.nextSibling = child;
		}
		else {
			parent.firstChild = child;
		}
		parent.lastChild = child;
	}

	private static void detach(OwnerNode child) {
		OwnerNode parent = child.parent;
		if (parent == null || !child.attached) {
			return;
		}
		child.attached = false;
		OwnerNode prev = child.prevSibling;
		OwnerNode next = child.nextSibling;
		if (prev != null) {
			prev.nextSibling = next;
		}
		else if (parent.firstChild == child) {
			parent.firstChild = next;
		}
		if (next != null) {
			next.prevSibling = prev;
		}
		else if (parent.lastChild == child) {
			parent.lastChild = prev;
		}
		child.prevSibling = null;
		child.nextSibling = null;
	}

	static boolean isDisposed(OwnerNode node) {
		boolean acquired = enter();
		try {
			return (node.flags & DISPOSED) != 0;
		}
		finally {
			exit(acquired);
		}
	}

	static void dispose(OwnerNode node) {
		boolean acquired = enter();
		try {
			disposeNode(node);
			if (batchDepth == 0) {
				flush();
			}
		}
		finally {
			exit(acquired);
		}
	}

	private static void disposeQuietly(OwnerNode node, Throwable cause) {
		try {
			disposeNode(node);
		}
		catch (Throwable ex) {
			if (ex != cause) {
				cause.addSuppressed(ex);
			}
		}
	}

	/**
	 * Disposes an owner: children first (last created first), then its cleanups (last
	 * registered first), then its dependency edges. Errors of cleanups are rethrown after
	 * the disposal completed.
	 */
	static void disposeNode(OwnerNode node) {
		if ((node.flags & DISPOSED) != 0) {
			return;
		}
		node.flags = (node.flags | DISPOSED) & ~(DIRTY | PENDING);
		try {
			cleanupOwner(node);
		}
		finally {
			unlinkAllDeps(node);
			detach(node);
		}
	}

	/**
	 * Disposes the children and runs the cleanups of an owner, untracked and batched.
	 * Keeps going when one throws, and rethrows the first failure with the others
	 * suppressed.
	 */
	static void cleanupOwner(OwnerNode owner) {
		if ((owner.flags & OWNS) == 0) {
			return;
		}
		owner.flags &= ~OWNS;
		OwnerNode prevSub = activeSub;
		OwnerNode prevOwner = activeOwner;
		OwnerNode prevSetUnder = ownerSetUnder;
		if (prevSub != null && prevSub != prevSetUnder) {
			activeOwner = prevSub;
		}
		ownerSetUnder = null;
		activeSub = null;
		batchDepth++;
		Throwable failure = null;
		try {
			for (OwnerNode child = owner.lastChild; child != null;) {
				OwnerNode prev = child.prevSibling;
				try {
					disposeNode(child);
				}
				catch (Throwable ex) {
					failure = addFailure(failure, ex);
				}
				child = prev;
			}
			owner.firstChild = null;
			owner.lastChild = null;
			ArrayList<Runnable> list = owner.cleanups;
			owner.cleanups = null;
			if (list != null) {
				for (int i = list.size() - 1; i >= 0; i--) {
					try {
						list.get(i).run();
					}
					catch (Throwable ex) {
						failure = addFailure(failure, ex);
					}
				}
			}
		}
		finally {
			activeSub = prevSub;
			activeOwner = prevOwner;
			ownerSetUnder = prevSetUnder;
			batchDepth--;
		}
		if (failure != null) {
			throw sneaky(failure);
		}
	}

	private static Throwable addFailure(@Nullable Throwable first, Throwable next) {
		if (first == null) {
			return next;
		}
		if (first != next) {
			first.addSuppressed(next);
		}
		return first;
	}

	private static OwnerNode asNode(Owner owner) {
		if (owner instanceof OwnerNode node) {
			return node;
		}
		throw new IllegalArgumentException("Not an owner of this graph: " + owner);
	}

	// ---------------------------------------------------------------- tracking

	/**
	 * Records a read of {@code dep} by the current subscriber, if any. The common case of
	 * a steady-state run (the same dependency read in the same position as last time) is
	 * handled here, small enough to inline; the rest goes to {@link #link}.
	 */
	static void track(Node dep) {
		OwnerNode sub = activeSub;
		if (sub == null) {
			return;
		}
		Link prev = sub.depsTail;
		Link next;
		if (prev != null) {
			if (prev.dep == dep) {
				// the dependency read just before, read again
				return;
			}
			next = prev.nextDep;
		}
		else {
			next = sub.deps;
		}
		// no two neighbours in a dependency list have the same dep (link() never
		// inserts one next to a link of the same dep), so this is also not a repeated
		// read
		if (next != null && next.dep == dep) {
			next.version = sub.trackVersion;
			sub.depsTail = next;
			return;
		}
		Link last = dep.subsTail;
		if (last != null && last.sub == sub && last.version == sub.trackVersion) {
			// read before in this run, not just before
			return;
		}
		link(dep, sub);
	}

	static void link(Node dep, OwnerNode sub) {
		if ((sub.flags & DISPOSED) != 0) {
			return;
		}
		Link prevDep = sub.depsTail;
		if (prevDep != null && prevDep.dep == dep) {
			return;
		}
		Link nextDep = (prevDep != null) ? prevDep.nextDep : sub.deps;
		int version = sub.trackVersion;
		if (nextDep != null && nextDep.dep == dep) {
			nextDep.version = version;
			sub.depsTail = nextDep;
			return;
		}
		Link prevSub = dep.subsTail;
		if (prevSub != null && prevSub.version == version && prevSub.sub == sub) {
			return;
		}
		Link link = new Link(version, dep, sub);
		link.prevDep = prevDep;
		link.nextDep = nextDep;
		if (nextDep != null) {
			nextDep.prevDep = link;
		}
		if (prevDep != null) {
			prevDep.nextDep = link;
		}
		else {
			sub.deps = link;
		}
		sub.depsTail = link;
		link.prevSub = prevSub;
		if (prevSub != null) {
			prevSub.nextSub = link;
		}
		else {
			dep.subs = link;
		}
		dep.subsTail = link;
	}

	/** Starts a tracked run of {@code sub}; returns the previous subscriber. */
	private static @Nullable OwnerNode startTracking(OwnerNode sub) {
		OwnerNode prev = activeSub;
		activeSub = sub;
		sub.depsTail = null;
		sub.trackVersion++;
		sub.flags = (sub.flags & ~(DIRTY | PENDING)) | RUNNING;
		return prev;
	}

	private static void endTracking(OwnerNode sub, @Nullable OwnerNode prev) {
		activeSub = prev;
		sub.flags &= ~RUNNING;
		Link tail = sub.depsTail;
		Link stale;
		if (tail != null) {
			stale = tail.nextDep;
			if (stale != null) {
				tail.nextDep = null;
			}
		}
		else {
			stale = sub.deps;
			sub.deps = null;
		}
		while (stale != null) {
			Link next = stale.nextDep;
			unlinkFromDep(stale);
			stale = next;
		}
	}

	private static void unlinkAllDeps(OwnerNode sub) {
		Link l = sub.deps;
		sub.deps = null;
		sub.depsTail = null;
		while (l != null) {
			Link next = l.nextDep;
			unlinkFromDep(l);
			l = next;
		}
	}

	/**
	 * Removes a link from its dependency's subscriber list (the caller fixes the other
	 * list).
	 */
	private static void unlinkFromDep(Link link) {
		Node dep = link.dep;
		Link prev = link.prevSub;
		Link next = link.nextSub;
		if (prev != null) {
			prev.nextSub = next;
		}
		else {
			dep.subs = next;
		}
		if (next != null) {
			next.prevSub = prev;
		}
		else {
			dep.subsTail = prev;
		}
		link.prevDep = null;
		link.nextDep = null;
		if (dep.subs == null && (dep.flags & MEMO) != 0) {
			deactivate((MemoNode<?>) dep);
		}
	}

	/**
	 * A memo that lost its last subscriber lets go of its dependencies and becomes lazy.
	 */
	private static void deactivate(MemoNode<?> memo) {
		if ((memo.flags & (DISPOSED | RUNNING)) != 0) {
			return;
		}
		memo.flags |= DIRTY;
		memo.flags &= ~PENDING;
		unlinkAllDeps(memo);
		cleanupOwner(memo);
	}

	// ---------------------------------------------------------------- push

	/**
	 * Marks everything downstream of {@code link}'s subscribers PENDING, queueing
	 * effects.
	 */
	static void propagate(Link link) {
		int base = sp;
		try {
			for (;;) {
				OwnerNode sub = link.sub;
				int f = sub.flags;
				if ((f & (PENDING | DIRTY | DISPOSED)) == 0) {
					sub.flags = f | PENDING;
					if ((f & EFFECT) != 0) {
						enqueue((EffectNode) sub);
					}
					else if ((f & MEMO) != 0) {
						Link subSubs = sub.subs;
						if (subSubs != null) {
							Link next = link.nextSub;
							if (next != null) {
								push(next);
							}
							link = subSubs;
							continue;
						}
					}
				}
				Link next = link.nextSub;
				if (next != null) {
					link = next;
					continue;
				}
				if (sp == base) {
					return;
				}
				link = stack[--sp];
			}
		}
		finally {
			sp = base;
		}
	}

	/** Marks the direct subscribers of a node that really changed as DIRTY. */
	static void shallowPropagate(@Nullable Link link) {
		while (link != null) {
			OwnerNode sub = link.sub;
			int f = sub.flags;
			if ((f & (PENDING | DIRTY)) == PENDING) {
				sub.flags = f | DIRTY;
			}
			link = link.nextSub;
		}
	}

	private static void push(Link link) {
		if (sp == stack.length) {
			stack = Arrays.copyOf(stack, sp * 2);
		}
		stack[sp++] = link;
	}

	private static void enqueue(EffectNode effect) {
		if ((effect.flags & QUEUED) != 0) {
			return;
		}
		effect.flags |= QUEUED;
		if (queueTail == queue.length) {
			queue = Arrays.copyOf(queue, queueTail * 2);
		}
		queue[queueTail++] = effect;
	}

	// ---------------------------------------------------------------- pull

	/**
	 * Tells whether a PENDING node really has to re-run: walks its dependencies in read
	 * order, depth-first through pending memos, refreshing dirty ones; stops at the first
	 * real change. Clears PENDING on the memos it found clean.
	 */
	static boolean checkDirty(OwnerNode top) {
		int base = sp;
		OwnerNode sub = top;
		Link link = top.deps;
		boolean dirty = false;
		try {
			for (;;) {
				if (link != null && !dirty) {
					if ((sub.flags & DIRTY) != 0) {
						dirty = true;
					}
					else {
						Node dep = link.dep;
						int f = dep.flags;
						if ((f & DIRTY) != 0) {
							if ((f & SIGNAL) != 0) {
								dirty = ((SignalNode<?>) dep).commit();
							}
							else if ((f & (MEMO | DISPOSED)) == MEMO) {
								dirty = updateMemo((MemoNode<?>) dep);
							}
						}
						else if ((f & (MEMO | PENDING | DISPOSED)) == (MEMO | PENDING)) {
							push(link);
							sub = (OwnerNode) dep;
							link = sub.deps;
							continue;
						}
						if (!dirty) {
							link = link.nextDep;
							continue;
						}
					}
				}
				if (sp == base) {
					return dirty || (sub.flags & DIRTY) != 0;
				}
				Link parentLink = stack[--sp];
				MemoNode<?> memo = (MemoNode<?>) sub;
				if (dirty || (memo.flags & DIRTY) != 0) {
					dirty = updateMemo(memo);
				}
				else {
					memo.flags &= ~PENDING;
				}
				sub = parentLink.sub;
				link = parentLink.nextDep;
			}
		}
		finally {
			sp = base;
		}
	}

	/** Brings a memo up to date if needed. */
	static void refreshMemo(MemoNode<?> memo) {
		int f = memo.flags;
		if ((f & (DIRTY | PENDING)) == 0) {
			return;
		}
		batchDepth++;
		try {
			if ((f & DIRTY) != 0) {
				updateMemo(memo);
			}
			else if (checkDirty(memo)) {
				updateMemo(memo);
			}
			else {
				memo.flags &= ~PENDING;
			}
		}
		finally {
			batchDepth--;
		}
	}

	/**
	 * Recomputes a memo. Only called inside a batch ({@code batchDepth > 0}: a flush, or
	 * {@link #refreshMemo}), so that writes made by the memo's function do not flush
	 * effects in the middle of it.
	 * @return whether its value (or error) changed
	 */
	static <T> boolean updateMemo(MemoNode<T> memo) {
		int f = memo.flags;
		if ((f & (RUNNING | OWNS)) != 0) {
			if ((f & RUNNING) != 0) {
				throw new CycleDetectedException("Cycle detected: memo '" + memo.name() + "' depends on itself");
			}
			cleanupOwner(memo);
		}
		OwnerNode prevSub = startTracking(memo);
		T value = null;
		Throwable error = null;
		try {
			value = memo.fn.get();
		}
		catch (Throwable ex) {
			error = ex;
		}
		finally {
			endTracking(memo, prevSub);
		}
		boolean changed = memo.accept(value, error);
		if (changed) {
			shallowPropagate(memo.subs);
		}
		return changed;
	}

	// ---------------------------------------------------------------- effects

	/**
	 * Runs an effect's body. Only called inside a batch ({@code batchDepth > 0}: a flush,
	 * or the effect's creation), like {@link #updateMemo}.
	 */
	static void runEffect(EffectNode effect) {
		if ((effect.flags & OWNS) != 0) {
			try {
				cleanupOwner(effect);
			}
			catch (Throwable ex) {
				disposeQuietly(effect, ex);
				throw ex;
			}
		}
		if ((effect.flags & DISPOSED) != 0) {
			return;
		}
		effectRuns++;
		OwnerNode prevSub = startTracking(effect);
		try {
			effect.fn.run();
		}
		finally {
			endTracking(effect, prevSub);
			if ((effect.flags & DISPOSED) != 0) {
				unlinkAllDeps(effect);
				cleanupOwner(effect);
			}
		}
	}

	private static void runIfDirty(EffectNode effect) {
		int f = effect.flags;
		if ((f & DIRTY) != 0 || ((f & PENDING) != 0 && checkDirty(effect))) {
			runEffect(effect);
		}
		else {
			effect.flags &= ~PENDING;
		}
	}

	/**
	 * Runs queued effects until none is left, in passes: effects queued by a pass run in
	 * the next one. The first failure is rethrown once all ran, the others added as
	 * suppressed.
	 */
	static void flush() {
		if (flushing || queueHead == queueTail) {
			return;
		}
		flushing = true;
		batchDepth++;
		Throwable failure = null;
		int passes = 0;
		int limit = flushPassLimit;
		try {
			while (queueHead < queueTail) {
				if (++passes > limit) {
					failure = addFailure(failure, abortFlush(limit));
					break;
				}
				int end = queueTail;
				while (queueHead < end) {
					EffectNode effect = queue[queueHead];
					queue[queueHead++] = null;
					effect.flags &= ~QUEUED;
					if ((effect.flags & DISPOSED) != 0) {
						continue;
					}
					try {
						runIfDirty(effect);
					}
					catch (Throwable ex) {
						failure = addFailure(failure, ex);
					}
				}
			}
		}
		finally {
			queueHead = 0;
			queueTail = 0;
			batchDepth--;
			flushing = false;
		}
		if (failure != null) {
			throw sneaky(failure);
		}
	}

	/**
	 * Stops a flush that does not settle. The effects still queued are brought back to a
	 * clean state without running their bodies (their pending memos are refreshed so that
	 * later writes reach them again), so the graph stays usable.
	 */
	private static CycleDetectedException abortFlush(int limit) {
		List<String> names = new ArrayList<>();
		for (int round = 0; round < 3 && queueHead < queueTail; round++) {
			int end = queueTail;
			while (queueHead < end) {
				EffectNode effect = queue[queueHead];
				queue[queueHead++] = null;
				effect.flags &= ~QUEUED;
				if (names.size() < 10 && !names.contains(effect.name())) {
					names.add(effect.name());
				}
				try {
					if ((effect.flags & (PENDING | DIRTY)) == PENDING) {
						checkDirty(effect);
					}
				}
				catch (Throwable ignored) {
					// the effect will re-check on its next notification
				}
				effect.flags &= ~(PENDING | DIRTY);
			}
		}
		while (queueHead < queueTail) {
			EffectNode effect = queue[queueHead];
			queue[queueHead++] = null;
			effect.flags &= ~(QUEUED | PENDING | DIRTY);
		}
		return new CycleDetectedException("Cycle detected: effects did not settle after " + limit
				+ " flush passes; still re-triggering: " + String.join(", ", names));
	}

	// ---------------------------------------------------------------- misc

	static void afterRead() {
		if (batchDepth == 0 && queueHead != queueTail) {
			flush();
		}
	}

	/**
	 * The default equality ({@code Objects.equals}), written out so that the
	 * {@code equals} call site profiles the graph's own value types.
	 */
	static boolean sameValue(@Nullable Object a, @Nullable Object b) {
		return a == b || (a != null && a.equals(b));
	}

	static int batchDepth() {
		return batchDepth;
	}

	static void requireNonNull(@Nullable Object value, String what) {
		if (value == null) {
			throw new NullPointerException(what + " must not be null");
		}
	}

	@SuppressWarnings("unchecked")
	static <E extends Throwable> RuntimeException sneaky(Throwable ex) throws E {
		throw (E) ex;
	}

}
