package dev.philjs.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * A measurement-only {@link Framework}, the companion of {@link BareFramework}: the same
 * algorithm with the same nothing around it, but the graph's topology kept in {@code int}
 * arrays instead of objects. Nodes and dependency links are indexes; flags, link lists,
 * cursors, the current subscriber and the walks' stacks are {@code int}s, so that a
 * propagation stores no reference except the values themselves (no GC write barrier on
 * the topology). It answers whether such a layout lowers the floor of the algorithm on
 * the JVM; see docs/benchmarks.md, "Sixth pass". Single-threaded, never frees anything.
 *
 * @since 0.1.0
 */
public final class BareArrayFramework implements Framework {

	static final int DIRTY = 1;

	static final int PENDING = 2;

	static final int QUEUED = 4;

	static final int MEMO = 8;

	static final int EFFECT = 16;

	static final int FIRST_DONE = 32;

	static final int NONE = -1;

	// nodes
	static int nodeCount;

	static int[] flags = new int[64];

	static int[] subs = filled(64);

	static int[] subsTail = filled(64);

	static int[] deps = filled(64);

	static int[] depsTail = filled(64);

	static int[] trackVersion = new int[64];

	static Object[] values = new Object[64];

	static Object[] observed = new Object[64];

	static Object[] fns = new Object[64];

	// links
	static int linkCount;

	static int[] linkDep = new int[64];

	static int[] linkSub = new int[64];

	static int[] linkVersion = new int[64];

	static int[] nextSub = filled(64);

	static int[] prevSub = filled(64);

	static int[] nextDep = filled(64);

	// state
	static int activeSub = NONE;

	static int batchDepth;

	static int[] queue = new int[64];

	static int queueHead;

	static int queueTail;

	static int[] stack = new int[64];

	static int sp;

	@Override
	public String name() {
		return "bare-array";
	}

	@Override
	public <T> Source<T> signal(T initial) {
		int id = newNode(0, null);
		values[id] = initial;
		observed[id] = initial;
		return new SourceAdapter<>(id);
	}

	@Override
	public <T> Readable<T> computed(Supplier<T> fn) {
		return new ComputedAdapter<>(newNode(MEMO | DIRTY, fn));
	}

	@Override
	public void effect(Runnable fn) {
		int id = newNode(EFFECT, fn);
		batchDepth++;
		try {
			run(id);
		}
		finally {
			batchDepth--;
		}
		flush();
	}

	@Override
	public void batch(Runnable body) {
		batchDepth++;
		try {
			body.run();
		}
		finally {
			batchDepth--;
		}
		if (batchDepth == 0) {
			flush();
		}
	}

	@Override
	public <T> T build(Supplier<T> body) {
		return body.get();
	}

	@Override
	public void dispose() {
		activeSub = NONE;
	}

	private static final class SourceAdapter<T> implements Source<T> {

		private final int id;

		SourceAdapter(int id) {
			this.id = id;
		}

		@Override
		@SuppressWarnings("unchecked")
		public T read() {
			int node = this.id;
			if ((flags[node] & DIRTY) != 0) {
				commit(node);
			}
			track(node);
			return (T) values[node];
		}

		@Override
		public void write(T value) {
			set(this.id, value);
		}

	}

	private static final class ComputedAdapter<T> implements Readable<T> {

		private final int id;

		ComputedAdapter(int id) {
			this.id = id;
		}

		@Override
		@SuppressWarnings("unchecked")
		public T read() {
			int node = this.id;
			int f = flags[node];
			if ((f & (DIRTY | PENDING)) != 0) {
				refresh(node, f);
			}
			track(node);
			return (T) values[node];
		}

	}

	private static int[] filled(int size) {
		int[] array = new int[size];
		Arrays.fill(array, NONE);
		return array;
	}

	private static int[] grow(int[] array, boolean fillNone) {
		int old = array.length;
		int[] bigger = Arrays.copyOf(array, old * 2);
		if (fillNone) {
			Arrays.fill(bigger, old, bigger.length, NONE);
		}
		return bigger;
	}

	static int newNode(int kind, Object fn) {
		int id = nodeCount++;
		if (id == flags.length) {
			flags = grow(flags, false);
			subs = grow(subs, true);
			subsTail = grow(subsTail, true);
			deps = grow(deps, true);
			depsTail = grow(depsTail, true);
			trackVersion = grow(trackVersion, false);
			values = Arrays.copyOf(values, values.length * 2);
			observed = Arrays.copyOf(observed, observed.length * 2);
			fns = Arrays.copyOf(fns, fns.length * 2);
		}
		flags[id] = kind;
		fns[id] = fn;
		return id;
	}

	static int newLink(int version, int dep, int sub) {
		int id = linkCount++;
		if (id == linkDep.length) {
			linkDep = grow(linkDep, false);
			linkSub = grow(linkSub, false);
			linkVersion = grow(linkVersion, false);
			nextSub = grow(nextSub, true);
			prevSub = grow(prevSub, true);
			nextDep = grow(nextDep, true);
		}
		linkVersion[id] = version;
		linkDep[id] = dep;
		linkSub[id] = sub;
		nextSub[id] = NONE;
		prevSub[id] = NONE;
		nextDep[id] = NONE;
		return id;
	}

	static boolean same(Object a, Object b) {
		return a == b || (a != null && a.equals(b));
	}

	static void set(int node, Object next) {
		if (same(values[node], next)) {
			return;
		}
		values[node] = next;
		int s = subs[node];
		if (s == NONE) {
			observed[node] = next;
			return;
		}
		flags[node] |= DIRTY;
		propagate(s);
		if (batchDepth == 0) {
			flush();
		}
	}

	static boolean commit(int node) {
		flags[node] &= ~DIRTY;
		Object prev = observed[node];
		Object current = values[node];
		observed[node] = current;
		if (same(prev, current)) {
			return false;
		}
		shallowPropagate(subs[node]);
		return true;
	}

	static void refresh(int memo, int f) {
		batchDepth++;
		try {
			if ((f & DIRTY) != 0 || checkDirty(memo)) {
				update(memo);
			}
			else {
				flags[memo] &= ~PENDING;
			}
		}
		finally {
			batchDepth--;
		}
	}

	@SuppressWarnings("unchecked")
	static boolean update(int memo) {
		int prev = startTracking(memo);
		Object next;
		try {
			next = ((Supplier<Object>) fns[memo]).get();
		}
		finally {
			endTracking(memo, prev);
		}
		int f = flags[memo];
		if ((f & FIRST_DONE) != 0 && same(values[memo], next)) {
			return false;
		}
		flags[memo] = f | FIRST_DONE;
		values[memo] = next;
		shallowPropagate(subs[memo]);
		return true;
	}

	static void track(int dep) {
		int sub = activeSub;
		if (sub == NONE) {
			return;
		}
		int prev = depsTail[sub];
		int next = (prev != NONE) ? nextDep[prev] : deps[sub];
		if (next != NONE && linkDep[next] == dep) {
			linkVersion[next] = trackVersion[sub];
			depsTail[sub] = next;
			return;
		}
		link(dep, sub, prev, next);
	}

	static void link(int dep, int sub, int prevDep, int nextDepLink) {
		if (prevDep != NONE && linkDep[prevDep] == dep) {
			return;
		}
		int version = trackVersion[sub];
		int prevSubLink = subsTail[dep];
		if (prevSubLink != NONE && linkVersion[prevSubLink] == version && linkSub[prevSubLink] == sub) {
			return;
		}
		int link = newLink(version, dep, sub);
		nextDep[link] = nextDepLink;
		if (prevDep != NONE) {
			nextDep[prevDep] = link;
		}
		else {
			deps[sub] = link;
		}
		depsTail[sub] = link;
		prevSub[link] = prevSubLink;
		if (prevSubLink != NONE) {
			nextSub[prevSubLink] = link;
		}
		else {
			subs[dep] = link;
		}
		subsTail[dep] = link;
	}

	static int startTracking(int sub) {
		int prev = activeSub;
		activeSub = sub;
		depsTail[sub] = NONE;
		trackVersion[sub]++;
		flags[sub] &= ~(DIRTY | PENDING);
		return prev;
	}

	static void endTracking(int sub, int prev) {
		activeSub = prev;
		int tail = depsTail[sub];
		int stale;
		if (tail != NONE) {
			stale = nextDep[tail];
			nextDep[tail] = NONE;
		}
		else {
			stale = deps[sub];
			deps[sub] = NONE;
		}
		while (stale != NONE) {
			int next = nextDep[stale];
			unlinkFromDep(stale);
			stale = next;
		}
	}

	static void unlinkFromDep(int link) {
		int dep = linkDep[link];
		int prev = prevSub[link];
		int next = nextSub[link];
		if (prev != NONE) {
			nextSub[prev] = next;
		}
		else {
			subs[dep] = next;
		}
		if (next != NONE) {
			prevSub[next] = prev;
		}
		else {
			subsTail[dep] = prev;
		}
		nextDep[link] = NONE;
		if (subs[dep] == NONE && (flags[dep] & MEMO) != 0) {
			flags[dep] = (flags[dep] | DIRTY) & ~PENDING;
			int l = deps[dep];
			deps[dep] = NONE;
			depsTail[dep] = NONE;
			while (l != NONE) {
				int n = nextDep[l];
				unlinkFromDep(l);
				l = n;
			}
		}
	}

	static void propagate(int link) {
		int base = sp;
		for (;;) {
			int sub = linkSub[link];
			int f = flags[sub];
			if ((f & (PENDING | DIRTY)) == 0) {
				flags[sub] = f | PENDING;
				if ((f & EFFECT) != 0) {
					enqueue(sub);
				}
				else {
					int subSubs = subs[sub];
					if (subSubs != NONE) {
						int next = nextSub[link];
						if (next != NONE) {
							push(next);
						}
						link = subSubs;
						continue;
					}
				}
			}
			int next = nextSub[link];
			if (next != NONE) {
				link = next;
				continue;
			}
			if (sp == base) {
				return;
			}
			link = stack[--sp];
		}
	}

	static void shallowPropagate(int link) {
		while (link != NONE) {
			int sub = linkSub[link];
			int f = flags[sub];
			if ((f & (PENDING | DIRTY)) == PENDING) {
				flags[sub] = f | DIRTY;
			}
			link = nextSub[link];
		}
	}

	static void push(int link) {
		if (sp == stack.length) {
			stack = Arrays.copyOf(stack, sp * 2);
		}
		stack[sp++] = link;
	}

	static void enqueue(int effect) {
		if ((flags[effect] & QUEUED) != 0) {
			return;
		}
		flags[effect] |= QUEUED;
		if (queueTail == queue.length) {
			queue = Arrays.copyOf(queue, queueTail * 2);
		}
		queue[queueTail++] = effect;
	}

	static boolean checkDirty(int top) {
		int base = sp;
		int sub = top;
		int link = deps[top];
		boolean dirty = false;
		for (;;) {
			if (link != NONE && !dirty) {
				if ((flags[sub] & DIRTY) != 0) {
					dirty = true;
				}
				else {
					int dep = linkDep[link];
					int f = flags[dep];
					if ((f & DIRTY) != 0) {
						dirty = ((f & MEMO) != 0) ? update(dep) : commit(dep);
					}
					else if ((f & (MEMO | PENDING)) == (MEMO | PENDING)) {
						push(link);
						sub = dep;
						link = deps[sub];
						continue;
					}
					if (!dirty) {
						link = nextDep[link];
						continue;
					}
				}
			}
			if (sp == base) {
				return dirty || (flags[sub] & DIRTY) != 0;
			}
			int parentLink = stack[--sp];
			int memo = sub;
			if (dirty || (flags[memo] & DIRTY) != 0) {
				dirty = update(memo);
			}
			else {
				flags[memo] &= ~PENDING;
			}
			sub = linkSub[parentLink];
			link = nextDep[parentLink];
		}
	}

	static void run(int effect) {
		int prev = startTracking(effect);
		try {
			((Runnable) fns[effect]).run();
		}
		finally {
			endTracking(effect, prev);
		}
	}

	static void flush() {
		if (queueHead == queueTail) {
			return;
		}
		batchDepth++;
		try {
			while (queueHead < queueTail) {
				int effect = queue[queueHead++];
				flags[effect] &= ~QUEUED;
				int f = flags[effect];
				if ((f & DIRTY) != 0 || ((f & PENDING) != 0 && checkDirty(effect))) {
					run(effect);
				}
				else {
					flags[effect] &= ~PENDING;
				}
			}
		}
		finally {
			queueHead = 0;
			queueTail = 0;
			batchDepth--;
		}
	}

}
