package dev.philjs.core.persist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A {@link StateStorage} in a directory of the file system, one file per key, that
 * survives restarts: the server-side analogue of the browser's {@code localStorage}.
 *
 * <p>
 * Layout: each key is stored in a file named {@code k_} followed by the key in a
 * reversible encoding that is safe on every common file system: lower-case ASCII letters,
 * digits, {@code -}, {@code _} and {@code .} (except as the last character) stand for
 * themselves, every other UTF-8 byte becomes {@code %XX}. So keys that differ only in
 * case get different files even on case-insensitive file systems. An encoded name may be
 * at most {@value #MAX_FILE_NAME_LENGTH} characters long; longer keys are refused with an
 * {@link IllegalArgumentException}. Values are UTF-8 text. Files whose names do not
 * follow this layout (temporary files, files of people) are ignored.
 *
 * <p>
 * Writes are atomic and durable: the value is written to a temporary file in the same
 * directory, forced to disk, and renamed over the old file with
 * {@link StandardCopyOption#ATOMIC_MOVE}; the directory is then forced too where the
 * platform allows it. A crash at any point leaves the old value or the new one, plus at
 * worst a stray temporary file that is never read.
 *
 * <p>
 * Thread safety: every method may be called from any thread and from several processes
 * sharing the directory; concurrent {@link #set}s of one key leave one of the values
 * whole. I/O failures are thrown as {@link StorageException}.
 *
 * @since 0.1.0
 */
public final class FileStateStorage implements StateStorage {

	/**
	 * The longest file name this storage creates, well below the 255 bytes that common
	 * file systems allow.
	 */
	public static final int MAX_FILE_NAME_LENGTH = 240;

	static final String FILE_PREFIX = "k_";

	static final String TEMP_PREFIX = ".tmp-";

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final Path directory;

	/**
	 * Opens (and creates if needed) a storage in {@code directory}.
	 * @param directory the directory; created with its parents if it does not exist
	 * @throws StorageException if the directory cannot be created
	 */
	public FileStateStorage(Path directory) {
		Objects.requireNonNull(directory, "directory must not be null");
		try {
			Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new StorageException("Cannot create storage directory " + directory, null, ex);
		}
		this.directory = directory;
	}

	/**
	 * Opens the storage of one application: the directory {@code root/application}, so
	 * that applications sharing a root never see each other's keys.
	 * @param root the parent directory of all applications' storages
	 * @param application the application's name: letters, digits, {@code .}, {@code -}
	 * and {@code _}, not starting with {@code .}
	 * @return the storage
	 * @throws IllegalArgumentException if {@code application} is not such a name
	 * @throws StorageException if the directory cannot be created
	 */
	public static FileStateStorage forApplication(Path root, String application) {
		Objects.requireNonNull(root, "root must not be null");
		Objects.requireNonNull(application, "application must not be null");
		if (!application.matches("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}")) {
			throw new IllegalArgumentException("application must be a simple directory name "
					+ "(letters, digits, '.', '-', '_', not starting with '.'), got '" + application + "'");
		}
		return new FileStateStorage(root.resolve(application));
	}

	/**
	 * Returns the directory that holds the files.
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	@Override
	public Optional<String> get(String key) {
		Path file = this.directory.resolve(fileName(key));
		try {
			return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
		}
		catch (NoSuchFileException ex) {
			return Optional.empty();
		}
		catch (IOException ex) {
			throw new StorageException("Cannot read '" + key + "' from " + file, key, ex);
		}
	}

	@Override
	public void set(String key, String value) {
		Objects.requireNonNull(value, "value must not be null");
		Path target = this.directory.resolve(fileName(key));
		Path temp = null;
		try {
			temp = Files.createTempFile(this.directory, TEMP_PREFIX, ".tmp");
			try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING)) {
				ByteBuffer bytes = ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			move(temp, target);
			temp = null;
			forceDirectory();
		}
		catch (IOException ex) {
			throw new StorageException("Cannot write '" + key + "' to " + target, key, ex);
		}
		finally {
			if (temp != null) {
				deleteQuietly(temp);
			}
		}
	}

	private static void move(Path temp, Path target) throws IOException {
		try {
			Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (AtomicMoveNotSupportedException ex) {
			throw new IOException("The file system of " + target + " cannot rename atomically", ex);
		}
	}

	@Override
	public void remove(String key) {
		Path file = this.directory.resolve(fileName(key));
		try {
			if (Files.deleteIfExists(file)) {
				forceDirectory();
			}
		}
		catch (IOException ex) {
			throw new StorageException("Cannot remove '" + key + "' from " + file, key, ex);
		}
	}

	@Override
	public Set<String> keys() {
		Set<String> keys = new HashSet<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory, FILE_PREFIX + "*")) {
			for (Path file : files) {
				String key = keyOf(file.getFileName().toString());
				if (key != null && Files.isRegularFile(file)) {
					keys.add(key);
				}
			}
		}
		catch (IOException ex) {
			throw new StorageException("Cannot list " + this.directory, null, ex);
		}
		return keys;
	}

	/**
	 * Makes the rename durable. Not every platform can open a directory to force it
	 * (Windows cannot); there the rename is as durable as the platform makes it.
	 */
	private void forceDirectory() {
		try (FileChannel channel = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException | UnsupportedOperationException ex) {
			// best effort, see above
		}
	}

	private static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			// a stray temporary file is ignored by every read
		}
	}

	/**
	 * Returns the file name that stores {@code key}.
	 * @param key the key
	 * @return the file name
	 * @throws IllegalArgumentException if the name would be too long
	 */
	static String fileName(String key) {
		Objects.requireNonNull(key, "key must not be null");
		byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
		StringBuilder name = new StringBuilder(FILE_PREFIX.length() + bytes.length);
		name.append(FILE_PREFIX);
		for (int i = 0; i < bytes.length; i++) {
			int b = bytes[i] & 0xFF;
			if (isPlain(b) || (b == '.' && i < bytes.length - 1)) {
				name.append((char) b);
			}
			else {
				name.append('%').append(HEX[b >> 4]).append(HEX[b & 0xF]);
			}
		}
		if (name.length() > MAX_FILE_NAME_LENGTH) {
			throw new IllegalArgumentException("key is too long to be a file name (" + name.length()
					+ " characters encoded, at most " + MAX_FILE_NAME_LENGTH + "): '" + key + "'");
		}
		return name.toString();
	}

	/**
	 * Returns the key stored in the file named {@code name}.
	 * @param name a file name
	 * @return the key, or {@code null} if the name is not one that {@link #fileName}
	 * produces
	 */
	static @Nullable String keyOf(String name) {
		if (!name.startsWith(FILE_PREFIX)) {
			return null;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(name.length());
		for (int i = FILE_PREFIX.length(); i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '%') {
				if (i + 2 >= name.length()) {
					return null;
				}
				int high = Character.digit(name.charAt(i + 1), 16);
				int low = Character.digit(name.charAt(i + 2), 16);
				if (high < 0 || low < 0) {
					return null;
				}
				bytes.write((high << 4) | low);
				i += 2;
			}
			else if (c < 0x80) {
				bytes.write(c);
			}
			else {
				return null;
			}
		}
		String key;
		try {
			key = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes.toByteArray()))
				.toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
		try {
			return fileName(key).equals(name) ? key : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static boolean isPlain(int b) {
		return (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_';
	}

	@Override
	public String toString() {
		return "FileStateStorage[" + this.directory + "]";
	}

}
