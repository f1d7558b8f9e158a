package dev.vaultapprole.emulator.core;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The paths of one backend, each declared once the way Vault's {@code framework.Path} is: a
 * pattern with named segments, a handler per operation, an optional existence check that
 * makes a write to something missing a {@code create} for ACLs, and whether the path needs
 * a token. Paths are tried in their declared order; the first whose pattern matches the
 * whole path inside the mount serves the request.
 * <p>
 * A list request is matched with a trailing slash, as Vault's HTTP layer adds one to every
 * list before routing.
 * <p>
 * It passes 300 lines because the declaration API (the builders and the callback types)
 * lives here beside the matching, so that a backend's paths read as one table of
 * {@code Routes.builder().path(..).read(..)}; the matching itself is short.
 */
public final class Routes {

	private final List<Route> routes;

	private final @Nullable Fallback otherwise;

	private final @Nullable String mountPath;

	private Routes(List<Route> routes, @Nullable Fallback otherwise, @Nullable String mountPath) {
		this.routes = List.copyOf(routes);
		this.otherwise = otherwise;
		this.mountPath = mountPath;
	}

	/**
	 * Starts declaring the paths of a backend.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Finds the path a request is for.
	 * @param path the path inside the mount
	 * @return the match, or {@code null} when no declared path matches
	 */
	public @Nullable Match match(String path) {
		for (Route route : this.routes) {
			Matcher matcher = route.pattern.matcher(path);
			if (matcher.matches()) {
				Map<String, String> segments = new LinkedHashMap<>();
				for (String name : route.segmentNames) {
					String value = matcher.group(name);
					segments.put(name, (value != null) ? value : "");
				}
				return new Match(route, path, Map.copyOf(segments));
			}
		}
		return null;
	}

	/**
	 * Serves a request with the handler its path declares for its operation.
	 * @param request the request, authorized by core
	 * @return the response, or {@code null} for no content
	 * @throws VaultError Vault's "unsupported path" when no path matches and the backend
	 * declares no fallback, "unsupported operation" when the path does not declare the
	 * request's operation
	 */
	public @Nullable VaultResponse handle(VaultRequest request) {
		String path = routedPath(request);
		Match match = match(path);
		if (match == null) {
			if (this.otherwise != null) {
				return this.otherwise.handle(request, path);
			}
			throw VaultError.unsupportedPath();
		}
		Route route = match.route();
		Handler handler = route.handlers.get(request.operation());
		if (handler == null) {
			throw VaultError.unsupportedOperation();
		}
		boolean checked = route.existenceCheck != null && request.operation().isWrite();
		return handler.handle(checked ? request.withExistenceChecked() : request, match);
	}

	/**
	 * Whether a path is declared as needing no token, such as AppRole's {@code login}.
	 * @param path the path inside the mount
	 * @return {@code true} when unauthenticated
	 */
	public boolean isUnauthenticated(String path) {
		Match match = match(path);
		return match != null && match.route().unauthenticated;
	}

	/**
	 * Vault's existence check for a write: {@code true} (an update) unless the path declares
	 * a check and it finds nothing. The check, and the handlers of a write to such a path,
	 * get the request {@link VaultRequest#withExistenceChecked() marked as checked}.
	 * @param request the request
	 * @return {@code true} for update, {@code false} for create
	 */
	public boolean exists(VaultRequest request) {
		Match match = match(routedPath(request));
		if (match == null || match.route().existenceCheck == null) {
			return true;
		}
		return match.route().existenceCheck.exists(request.withExistenceChecked(), match);
	}

	/**
	 * The path inside the mount as Vault's router hands it to a backend: a list gets its
	 * trailing slash first, then the mount path is stripped, so the bare mount name and the
	 * mount's root are both the empty path.
	 */
	private String routedPath(VaultRequest request) {
		String full = request.path();
		if (request.operation() == Operation.LIST && !full.endsWith("/")) {
			full = full + "/";
		}
		String mount = (this.mountPath != null) ? this.mountPath : request.mountPath();
		String relative = full.startsWith(mount) ? full.substring(mount.length()) : "";
		return relative.equals("/") ? "" : relative;
	}

	/**
	 * Serves one operation on one path.
	 */
	@FunctionalInterface
	public interface Handler {

		/**
		 * Serves the request.
		 * @param request the request
		 * @param match the path and its named segments
		 * @return the response, or {@code null} for no content (204 on writes, 404 on reads)
		 * @throws VaultError to answer an error
		 */
		@Nullable VaultResponse handle(VaultRequest request, Match match);

	}

	/**
	 * Tells whether a write updates something that exists.
	 */
	@FunctionalInterface
	public interface ExistenceCheck {

		/**
		 * Checks.
		 * @param request the request
		 * @param match the path and its named segments
		 * @return {@code true} when the target exists
		 */
		boolean exists(VaultRequest request, Match match);

	}

	/**
	 * Serves the paths no declared pattern matches.
	 */
	@FunctionalInterface
	public interface Fallback {

		/**
		 * Serves the request.
		 * @param request the request
		 * @param path the path inside the mount, with the trailing slash of a list
		 * @return the response, or {@code null} for no content
		 * @throws VaultError to answer an error
		 */
		@Nullable VaultResponse handle(VaultRequest request, String path);

	}

	/**
	 * A path matched to its declaration.
	 *
	 * @param route the declared path
	 * @param path the path inside the mount, with the trailing slash of a list
	 * @param segments the named segments, empty strings for optional ones that did not match
	 */
	public record Match(Route route, String path, Map<String, String> segments) {

		/**
		 * A named segment of the path.
		 * @param name the segment's name in the pattern
		 * @return its value
		 * @throws IllegalArgumentException when the pattern has no such segment
		 */
		public String segment(String name) {
			String value = this.segments.get(name);
			if (value == null) {
				throw new IllegalArgumentException("No segment '" + name + "' in " + this.path);
			}
			return value;
		}

	}

	/**
	 * One declared path.
	 */
	public static final class Route {

		// Java 17's Pattern cannot list its named groups, so they are read from the source.
		private static final Pattern SEGMENT_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

		private final Pattern pattern;

		private final List<String> segmentNames;

		private final Map<Operation, Handler> handlers;

		private final @Nullable ExistenceCheck existenceCheck;

		private final boolean unauthenticated;

		private Route(Pattern pattern, Map<Operation, Handler> handlers, @Nullable ExistenceCheck existenceCheck,
				boolean unauthenticated) {
			this.pattern = pattern;
			this.segmentNames = SEGMENT_NAME.matcher(pattern.pattern()).results().map((result) -> result.group(1))
				.toList();
			this.handlers = handlers;
			this.existenceCheck = existenceCheck;
			this.unauthenticated = unauthenticated;
		}

	}

	/**
	 * Declares the paths of a backend in order.
	 */
	public static final class Builder {

		private final List<Route> routes = new ArrayList<>();

		private @Nullable Fallback otherwise;

		private @Nullable PathBuilder current;

		private @Nullable String mountPath;

		private Builder() {
		}

		/**
		 * Takes the path inside the mount from the backend's own mount path rather than from
		 * the request's, so the backend can be called directly with a request core has not
		 * resolved, as tests of an existence check do.
		 * @param mountPath the mount path, with a trailing slash
		 * @return this builder
		 */
		public Builder mountedAt(String mountPath) {
			this.mountPath = mountPath;
			return this;
		}

		/**
		 * Declares the next path.
		 * @param pattern a regular expression for the whole path inside the mount, with
		 * named groups for its segments, e.g. {@code role/(?<role>\w+)/secret-id}
		 * @return a builder for the path's operations
		 */
		public PathBuilder path(String pattern) {
			finishPath();
			this.current = new PathBuilder(this, Pattern.compile(pattern));
			return this.current;
		}

		/**
		 * Serves every path no declared pattern matches, as the KV engine answers unknown paths
		 * itself.
		 * @param handler the handler
		 * @return this builder
		 */
		public Builder otherwise(Fallback handler) {
			finishPath();
			this.otherwise = handler;
			return this;
		}

		/**
		 * Finishes the declaration.
		 * @return the routes
		 */
		public Routes build() {
			finishPath();
			return new Routes(this.routes, this.otherwise, this.mountPath);
		}

		private void finishPath() {
			if (this.current != null) {
				this.routes.add(this.current.route());
				this.current = null;
			}
		}

	}

	/**
	 * Declares the operations of one path.
	 */
	public static final class PathBuilder {

		private final Builder builder;

		private final Pattern pattern;

		private final Map<Operation, Handler> handlers = new EnumMap<>(Operation.class);

		private @Nullable ExistenceCheck existenceCheck;

		private boolean unauthenticated;

		private PathBuilder(Builder builder, Pattern pattern) {
			this.builder = builder;
			this.pattern = pattern;
		}

		public PathBuilder read(Handler handler) {
			return on(Operation.READ, handler);
		}

		public PathBuilder list(Handler handler) {
			return on(Operation.LIST, handler);
		}

		/**
		 * Serves both create and update, as most Vault paths do.
		 * @param handler the handler
		 * @return this builder
		 */
		public PathBuilder write(Handler handler) {
			return on(Operation.CREATE, handler).on(Operation.UPDATE, handler);
		}

		public PathBuilder create(Handler handler) {
			return on(Operation.CREATE, handler);
		}

		public PathBuilder update(Handler handler) {
			return on(Operation.UPDATE, handler);
		}

		public PathBuilder delete(Handler handler) {
			return on(Operation.DELETE, handler);
		}

		/**
		 * Declares the handler of an operation.
		 * @param operation the operation
		 * @param handler the handler
		 * @return this builder
		 */
		public PathBuilder on(Operation operation, Handler handler) {
			this.handlers.put(operation, handler);
			return this;
		}

		/**
		 * Declares the path's existence check.
		 * @param check the check
		 * @return this builder
		 */
		public PathBuilder existenceCheck(ExistenceCheck check) {
			this.existenceCheck = check;
			return this;
		}

		/**
		 * Declares that the path needs no token.
		 * @return this builder
		 */
		public PathBuilder unauthenticated() {
			this.unauthenticated = true;
			return this;
		}

		/**
		 * Declares the next path.
		 * @param pattern the pattern
		 * @return a builder for that path
		 * @see Builder#path(String)
		 */
		public PathBuilder path(String pattern) {
			return this.builder.path(pattern);
		}

		/**
		 * Serves every other path.
		 * @param handler the handler
		 * @return the backend's builder
		 * @see Builder#otherwise(Fallback)
		 */
		public Builder otherwise(Fallback handler) {
			return this.builder.otherwise(handler);
		}

		/**
		 * Finishes the declaration.
		 * @return the routes
		 */
		public Routes build() {
			return this.builder.build();
		}

		private Route route() {
			return new Route(this.pattern, new EnumMap<>(this.handlers), this.existenceCheck, this.unauthenticated);
		}

	}

}
