package dev.philjs.example;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.philjs.spring.web.StoreEventStreams;
import dev.philjs.spring.websocket.StoreWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web page in two headless Chromium windows (two browsers, two sessions): what one
 * does appears in the other, undo works, and the page survives the server ending its
 * event streams. Needs Debian's {@code chromium} and {@code chromium-driver}; skipped
 * without them, except under {@code CI=true}, where their absence fails the test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "philjs.web.sse.retry=200ms" })
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplePageBrowserIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	StoreEventStreams streams;

	@Autowired
	StoreWebSocketHandler webSocket;

	@Autowired
	TodoStore todos;

	@Autowired
	ChatStore chat;

	private WebDriver first;

	private WebDriver second;

	@BeforeAll
	void openTwoWindows() throws Exception {
		boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
		if (!present && "true".equals(System.getenv("CI"))) {
			fail("CI=true but " + CHROMIUM + " or " + CHROMEDRIVER
					+ " is missing: install Debian's chromium and chromium-driver (.ci/run does)");
		}
		assumeTrue(present, "Browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER
				+ " is missing (apt-get install chromium chromium-driver)");
		this.first = open();
		this.second = open();
	}

	private WebDriver open() throws Exception {
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,1100",
				"--user-data-dir=" + Files.createTempDirectory("chromium-profile"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.build();
		WebDriver driver = new ChromeDriver(service, options);
		driver.get("http://127.0.0.1:" + this.port + "/");
		waitUntilLive(driver);
		return driver;
	}

	private void waitUntilLive(WebDriver driver) {
		WebDriverWait wait = new WebDriverWait(driver, WAIT);
		for (String id : List.of("status-todos", "status-cart", "status-notifications", "status-ws")) {
			wait.until(ExpectedConditions.textToBe(By.id(id), "live"));
		}
	}

	@AfterAll
	void closeWindows() {
		for (WebDriver driver : new WebDriver[] { this.first, this.second }) {
			if (driver != null) {
				driver.quit();
			}
		}
	}

	private static void waitForText(WebDriver driver, String listId, String text) {
		new WebDriverWait(driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(By.id(listId), text));
	}

	private static void type(WebDriver driver, String id, String text) {
		driver.findElement(By.id(id)).clear();
		driver.findElement(By.id(id)).sendKeys(text);
	}

	@Test
	void todoAddedInOneWindowAppearsInTheOther() {
		String text = "Water the plants " + UUID.randomUUID();
		type(this.first, "todo-text", text);
		this.first.findElement(By.id("todo-add")).click();
		waitForText(this.second, "todo-list", text);
		waitForText(this.first, "todo-list", text);
	}

	@Test
	void chatMessageAppearsInBothWindows() {
		String text = "Hello from the first window " + UUID.randomUUID();
		type(this.first, "chat-author", "First");
		type(this.first, "chat-text", text);
		this.first.findElement(By.id("chat-send")).click();
		waitForText(this.first, "chat-list", text);
		waitForText(this.second, "chat-list", text);
		String sent = String.valueOf(this.chat.sent.get());
		new WebDriverWait(this.second, WAIT).until(ExpectedConditions.textToBe(By.id("chat-sent"), sent));
	}

	@Test
	void undoInOneWindowTakesBackTheNoteInBoth() {
		String one = "draft " + UUID.randomUUID();
		String two = "final " + UUID.randomUUID();
		type(this.first, "editor-text", one);
		this.first.findElement(By.id("editor-save")).click();
		new WebDriverWait(this.second, WAIT).until(ExpectedConditions.textToBe(By.id("editor-current"), one));
		type(this.first, "editor-text", two);
		this.first.findElement(By.id("editor-save")).click();
		new WebDriverWait(this.second, WAIT).until(ExpectedConditions.textToBe(By.id("editor-current"), two));
		new WebDriverWait(this.first, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("editor-undo")))
			.click();
		new WebDriverWait(this.first, WAIT).until(ExpectedConditions.textToBe(By.id("editor-current"), one));
		new WebDriverWait(this.second, WAIT).until(ExpectedConditions.textToBe(By.id("editor-current"), one));
		new WebDriverWait(this.second, WAIT).until(ExpectedConditions.elementToBeClickable(By.id("editor-redo")));
	}

	@Test
	void pageReconnectsAfterTheServerEndsItsStreamsAndShowsLaterChanges() throws Exception {
		int before = reconnects(this.first);
		this.streams.stop();
		try {
			new WebDriverWait(this.first, WAIT)
				.until((driver) -> !"live".equals(driver.findElement(By.id("status-todos")).getText())
						|| reconnects(driver) > before);
		}
		finally {
			this.streams.start();
		}
		waitUntilLive(this.first);
		waitUntilLive(this.second);
		String text = "Added while the pages reconnected " + UUID.randomUUID();
		this.todos.add(text);
		waitForText(this.first, "todo-list", text);
		waitForText(this.second, "todo-list", text);
		assertThat(reconnects(this.first)).isGreaterThan(before);
		File shot = ((TakesScreenshot) this.first).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "example-page.png");
		Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		assertThat(target).isNotEmptyFile();
	}

	@Test
	void pageReconnectsItsWebSocketAfterTheServerClosesItAndChatsAgain() {
		int before = reconnects(this.first);
		this.webSocket.stop();
		try {
			new WebDriverWait(this.first, WAIT)
				.until((driver) -> !"live".equals(driver.findElement(By.id("status-ws")).getText())
						|| reconnects(driver) > before);
		}
		finally {
			this.webSocket.start();
		}
		waitUntilLive(this.first);
		waitUntilLive(this.second);
		String text = "Sent after the WebSocket came back " + UUID.randomUUID();
		type(this.first, "chat-author", "First");
		type(this.first, "chat-text", text);
		this.first.findElement(By.id("chat-send")).click();
		waitForText(this.first, "chat-list", text);
		waitForText(this.second, "chat-list", text);
		assertThat(reconnects(this.first)).isGreaterThan(before);
	}

	private static int reconnects(WebDriver driver) {
		return Integer.parseInt(driver.findElement(By.id("reconnects")).getDomAttribute("data-count"));
	}

}
