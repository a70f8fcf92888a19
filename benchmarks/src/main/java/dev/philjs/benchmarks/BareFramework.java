package dev.philjs.benchmarks;

import java.util.Arrays;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * A measurement-only {@link Framework}: the propagation algorithm of PhilJS's engine
 * (push marks, pull with an explicit stack, links reused in read order, signals that
 * compare on pull) with everything else taken out: no lock, no thread checks, no owners,
 * cleanups or context, no cached errors, no custom equality, no disposal. It is not a
 * usable engine (single-threaded, never frees a graph) and exists only to measure what
 * the algorithm itself costs on the JVM, the floor under what the real engine
 * ({@code dev.philjs.core}) can reach with the same algorithm. See docs/benchmarks.md,
 * "Sixth pass".
 *
 * @since 0.1.0
 */
public final class BareFramework implements Framework {

	static final int DIRTY = 1;

	static final int PENDING = 2;

	static final int QUEUED = 4;

	static final int MEMO = 8;

	static final int EFFECT = 16;

	static final int FIRST_DONE = 32;

	static @Nullable Sub activeSub;

	static int batchDepth;

	static Effect[] queue = new Effect[64];

	static int queueHead;

	static int queueTail;

	static Link[] stack = new Link[64];

	static int sp;

	@Override
	public String name() {
		return "bare";
	}

	@Override
	public <T> Source<T> signal(T initial) {
		return new SourceAdapter<>(new Sig<>(initial));
	}

	@Override
	public <T> Readable<T> computed(Supplier<T> fn) {
		return new ComputedAdapter<>(new Comp<>(fn));
	}

	/**
	 * Wraps a signal like {@link PhilJsFramework}'s adapter (and bench.mjs's) does, so
	 * that a read costs the same indirection.
	 */
	private static final class SourceAdapter<T> implements Source<T> {

		private final Sig<T> signal;

		SourceAdapter(Sig<T> signal) {
			this.signal = signal;
		}

		@Override
		public T read() {
			return this.signal.get();
		}

		@Override
		public void write(T value) {
			this.signal.set(value);
		}

	}

	private static final class ComputedAdapter<T> implements Readable<T> {

		private final Comp<T> memo;

		ComputedAdapter(Comp<T> memo) {
			this.memo = memo;
		}

		@Override
		public T read() {
			return this.memo.get();
		}

	}

	@Override
	public void effect(Runnable fn) {
		Effect effect = new Effect(fn);
		batchDepth++;
		try {
			run(effect);
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
		activeSub = null;
	}

	abstract static class Node {

		int flags;

		@Nullable Link subs;

		@Nullable Link subsTail;

	}

	abstract static class Sub extends Node {

		@Nullable Link deps;

		@Nullable Link depsTail;

		int trackVersion;

	}

	static final class Link {

		int version;

		final Node dep;

		final Sub sub;

		@Nullable Link nextSub;

		@Nullable Link prevSub;

		@Nullable Link nextDep;

		Link(int version, Node dep, Sub sub) {
			this.version = version;
			this.dep = dep;
			this.sub = sub;
		}

	}

	static final class Sig<T> extends Node {

		T value;

		T observed;

		Sig(T initial) {
			this.value = initial;
			this.observed = initial;
		}

		T get() {
			if ((this.flags & DIRTY) != 0) {
				commit();
			}
			track(this);
			return this.value;
		}

		void set(T next) {
			if (same(this.value, next)) {
				return;
			}
			this.value = next;
			Link s = this.subs;
			if (s == null) {
				this.observed = next;
				return;
			}
			this.flags |= DIRTY;
			propagate(s);
			if (batchDepth == 0) {
				flush();
			}
		}

		boolean commit() {
			this.flags &= ~DIRTY;
			T prev = this.observed;
			T current = this.value;
			this.observed = current;
			if (same(prev, current)) {
				return false;
			}
			shallowPropagate(this.subs);
			return true;
		}

	}

	static final class Comp<T> extends Sub {

		final Supplier<T> fn;

		@Nullable T value;

		Comp(Supplier<T> fn) {
			this.fn = fn;
			this.flags = MEMO | DIRTY;
		}

		@SuppressWarnings("NullAway")
		T get() {
			int f = this.flags;
			if ((f & (DIRTY | PENDING)) != 0) {
				refresh(this, f);
			}
			track(this);
			return this.value;
		}

		boolean update() {
			Sub prev = startTracking(this);
			T next;
			try {
				next = this.fn.get();
			}
			finally {
				endTracking(this, prev);
			}
			if ((this.flags & FIRST_DONE) != 0 && same(this.value, next)) {
				return false;
			}
			this.flags |= FIRST_DONE;
			this.value = next;
			shallowPropagate(this.subs);
			return true;
		}

	}

	static final class Effect extends Sub {

		final Runnable fn;

		Effect(Runnable fn) {
			this.fn = fn;
			this.flags = EFFECT;
		}

	}

	static void refresh(Comp<?> memo, int f) {
		batchDepth++;
		try {
			if ((f & DIRTY) != 0 || checkDirty(memo)) {
				memo.update();
			}
			else {
				memo.flags &= ~PENDING;
			}
		}
		finally {
			batchDepth--;
		}
	}

	static boolean same(@Nullable Object a, @Nullable Object b) {
		return a == b || (a != null && a.equals(b));
	}

	static void track(Node dep) {
		Sub sub = activeSub;
		if (sub == null) {
			return;
		}
		Link prev = sub.depsTail;
		Link next;
		if (prev != null) {
			if (prev.dep == dep) {
				return;
			}
			next = prev.nextDep;
		}
		else {
			next = sub.deps;
		}
		if (next != null && next.dep == dep) {
			next.version = sub.trackVersion;
			sub.depsTail = next;
			return;
		}
		Link last = dep.subsTail;
		if (last != null && last.sub == sub && last.version == sub.trackVersion) {
			return;
		}
		link(dep, sub, prev, next);
	}

	static void link(Node dep, Sub sub, @Nullable Link prevDep, @Nullable Link nextDep) {
		if (prevDep != null && prevDep.dep == dep) {
			return;
		}
		int version = sub.trackVersion;
		Link prevSub = dep.subsTail;
		if (prevSub != null && prevSub.version == version && prevSub.sub == sub) {
			return;
		}
		Link link = new Link(version, dep, sub);
		link.nextDep = nextDep;
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

	static @Nullable Sub startTracking(Sub sub) {
		Sub prev = activeSub;
		activeSub = sub;
		sub.depsTail = null;
		sub.trackVersion++;
		sub.flags &= ~(DIRTY | PENDING);
		return prev;
	}

	static void endTracking(Sub sub, @Nullable Sub prev) {
		activeSub = prev;
		Link tail = sub.depsTail;
		Link stale;
		if (tail != null) {
			stale = tail.nextDep;
			tail.nextDep = null;
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

	static void unlinkFromDep(Link link) {
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
		link.nextDep = null;
		if (dep.subs == null && dep instanceof Comp<?> memo) {
			memo.flags = (memo.flags | DIRTY) & ~PENDING;
			Link l = memo.deps;
			memo.deps = null;
			memo.depsTail = null;
			while (l != null) {
				Link n = l.nextDep;
				unlinkFromDep(l);
				l = n;
			}
		}
	}

	static void propagate(Link link) {
		int base = sp;
		for (;;) {
			Sub sub = link.sub;
			int f = sub.flags;
			if ((f & (PENDING | DIRTY)) == 0) {
				sub.flags = f | PENDING;
				if ((f & EFFECT) != 0) {
					enqueue((Effect) sub);
				}
				else {
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

	static void shallowPropagate(@Nullable Link link) {
		while (link != null) {
			Sub sub = link.sub;
			int f = sub.flags;
			if ((f & (PENDING | DIRTY)) == PENDING) {
				sub.flags = f | DIRTY;
			}
			link = link.nextSub;
		}
	}

	static void push(Link link) {
		if (sp == stack.length) {
			stack = Arrays.copyOf(stack, sp * 2);
		}
		stack[sp++] = link;
	}

	static void enqueue(Effect effect) {
		if ((effect.flags & QUEUED) != 0) {
			return;
		}
		effect.flags |= QUEUED;
		if (queueTail == queue.length) {
			queue = Arrays.copyOf(queue, queueTail * 2);
		}
		queue[queueTail++] = effect;
	}

	static boolean checkDirty(Sub top) {
		int base = sp;
		Sub sub = top;
		Link link = top.deps;
		boolean dirty = false;
		for (;;) {
			if (link != null && !dirty) {
				if ((sub.flags & DIRTY) != 0) {
					dirty = true;
				}
				else {
					Node dep = link.dep;
					int f = dep.flags;
					if ((f & DIRTY) != 0) {
						dirty = ((f & MEMO) != 0) ? ((Comp<?>) dep).update() : ((Sig<?>) dep).commit();
					}
					else if ((f & (MEMO | PENDING)) == (MEMO | PENDING)) {
						push(link);
						sub = (Sub) dep;
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
			Comp<?> memo = (Comp<?>) sub;
			if (dirty || (memo.flags & DIRTY) != 0) {
				dirty = memo.update();
			}
			else {
				memo.flags &= ~PENDING;
			}
			sub = parentLink.sub;
			link = parentLink.nextDep;
		}
	}

	static void run(Effect effect) {
		Sub prev = startTracking(effect);
		try {
			effect.fn.run();
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
				Effect effect = queue[queueHead];
				queue[queueHead++] = null;
				effect.flags &= ~QUEUED;
				int f = effect.flags;
				if ((f & DIRTY) != 0 || ((f & PENDING) != 0 && checkDirty(effect))) {
					run(effect);
				}
				else {
					effect.flags &= ~PENDING;
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
