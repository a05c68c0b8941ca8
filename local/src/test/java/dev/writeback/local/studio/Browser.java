package dev.writeback.local.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through Debian's chromedriver (never a downloaded one: Selenium Manager is
 * not asked), with what the studio's tests do on every page: a screenshot under {@code target/}, checked to be
 * more than one colour, and an axe-core check that finds no serious or critical violation.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path AXE = Path.of("studio/node_modules/axe-core/axe.min.js");

    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path screenshots;
    private final String axe;
    private int shot;

    private Browser(ChromeDriver driver, Path screenshots, String axe) {
        this.driver = driver;
        // pages that refresh while a run goes replace their elements: one found a moment ago may be gone, so look again
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(60), Duration.ofMillis(50));
        wait.ignoring(StaleElementReferenceException.class);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(120));
        this.screenshots = screenshots;
        this.axe = axe;
    }

    /** Skips the calling tests where Debian's chromium and chromedriver are not installed. */
    static Browser start(Path screenshots) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "\n\n*** The studio's browser tests are SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing."
                        + "\n*** Install them with: apt-get install chromium chromium-driver\n");
        assertTrue(Files.isRegularFile(AXE), "axe-core is not installed: npm ci in studio/ (bin/test does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,1100", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        Files.createDirectories(screenshots);
        try (var earlier = Files.list(screenshots)) {
            for (Path png : earlier.filter(f -> f.toString().endsWith(".png")).toList()) {
                Files.delete(png);
            }
        }
        return new Browser(new ChromeDriver(service, options), screenshots, Files.readString(AXE, StandardCharsets.UTF_8));
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    void go(String hash) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hash);
    }

    WebElement find(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    WebElement heading(String text) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h1[normalize-space(.)=" + literal(text) + "]")));
    }

    WebElement link(String text) {
        return centred(wait.until(ExpectedConditions.elementToBeClickable(By.linkText(text))));
    }

    WebElement button(String text) {
        return centred(wait.until(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[normalize-space(.)=" + literal(text) + "]"))));
    }

    /** Scrolled to the middle of the window, where no sticky part of the page (the editor's gutter) covers it. */
    private WebElement centred(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        return element;
    }

    /** The form control whose label reads {@code label} (its first match on the page, or the last one with last). */
    WebElement field(String label) {
        WebElement labelElement = find(By.xpath("(//label[normalize-space(.)=" + literal(label) + "])[last()]"));
        return driver.findElement(By.id(labelElement.getAttribute("for")));
    }

    void type(String label, String text) {
        WebElement input = field(label);
        input.clear();
        input.sendKeys(text);
    }

    void choose(String label, String visibleText) {
        new Select(field(label)).selectByVisibleText(visibleText);
    }

    /** Waits for a status or alert message containing {@code text}. */
    WebElement message(String text) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//*[(@role='alert' or contains(@class,'ok')) and contains(normalize-space(.), " + literal(text) + ")]")));
    }

    <T> T until(Function<WebDriver, T> condition) {
        return wait.until(condition);
    }

    /** Pastes {@code text} over the whole content of the n-th script editor on the page, as a user pasting it. */
    void pasteIntoEditor(int index, String text) {
        WebElement content = until(d -> d.findElements(By.cssSelector(".cm-content")).size() > index
                ? d.findElements(By.cssSelector(".cm-content")).get(index) : null);
        content.click();
        content.sendKeys(Keys.chord(Keys.CONTROL, "a"));
        ((JavascriptExecutor) driver).executeScript("const data = new DataTransfer(); data.setData('text/plain', arguments[1]);"
                + "arguments[0].dispatchEvent(new ClipboardEvent('paste', {clipboardData: data, bubbles: true, cancelable: true}));",
                content, text);
    }

    /** A screenshot named after the step, checked to show something, and the accessibility check of the page. */
    void step(String name) throws IOException {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path file = screenshots.resolve(String.format("%02d-%s.png", ++shot, name));
        Files.write(file, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertTrue(colours.size() > 3, file + " is blank");
        assertEquals(List.of(), accessibilityViolations(), "serious or critical accessibility violations on " + name);
    }

    @SuppressWarnings("unchecked")
    List<String> accessibilityViolations() {
        // axe-core (half a megabyte) goes into each document once; the studio's pages change by hash, not by loading
        if (Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript("return typeof axe === 'undefined'"))) {
            ((JavascriptExecutor) driver).executeScript(axe);
        }
        return (List<String>) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e])); ");
    }

    static String literal(String text) {
        return text.contains("'") ? "concat('" + text.replace("'", "', \"'\", '") + "')" : "'" + text + "'";
    }

    @Override
    public void close() {
        driver.quit();
    }
}
