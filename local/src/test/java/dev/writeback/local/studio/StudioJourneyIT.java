package dev.writeback.local.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.writeback.local.LocalPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The Connector Dev Studio in a real Chromium against the embedded default: an author builds the sample File Drop
 * connector page by page and submits it, a reviewer rejects it with a reason and then approves it, and a user
 * connects an account, creates a job and follows its run to SUCCEEDED — with the error paths a user meets on the way.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudioJourneyIT {
    private static final Path SAMPLE = Path.of("samples/connectors/file-drop");
    private static final String DATASET = "4e1b7c2a-8f3d-4a6e-9b21-5d0c6f7e8a90";
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    private static LocalPlatform platform;
    private static Browser browser;
    private static String studio;
    private static String connectorId;

    @BeforeAll
    static void start() throws IOException {
        browser = Browser.start(Path.of("local/target/studio-screenshots/journey"));
        platform = LocalPlatform.start(new LocalPlatform.Settings(Files.createTempDirectory("writeback-studio-it"),
                Path.of("samples/datasets"), 0, 0, 0));
        studio = platform.api().baseUri() + "/studio/";
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static void signInAs(String user, String... roles) throws IOException {
        browser.go("#/sign-in");
        browser.heading("Sign in");
        browser.type("Company", "acme");
        browser.type("User", user);
        for (String role : roles) {
            browser.find(By.name(role)).click();
        }
        browser.button("Sign in as").click();
        browser.heading("Writeback Connector Dev Studio");
    }

    private static void step(String name) {
        browser.go("#/connectors/" + connectorId + "/" + name);
    }

    @Test
    @Order(1)
    void theStudioIsServedWithItsOwnPolicyAndAskedToSignIn() throws IOException {
        browser.open(platform.api().baseUri() + "/studio");
        browser.heading("Sign in");
        assertTrue(browser.driver().getCurrentUrl().startsWith(studio), browser.driver().getCurrentUrl());
        browser.step("sign-in");
    }

    @Test
    @Order(2)
    void anAuthorCreatesAConnectorWhoseNameIsShownAsTextNotMarkup() throws IOException {
        signInAs("alice", "author");
        browser.link("My Connector Developer").click();
        browser.heading("My Connector Developer");
        browser.find(By.cssSelector(".agreement-text"));
        assertTrue(browser.all(By.linkText("Create New")).isEmpty(), "Create New waits for the agreement");
        browser.step("user-agreement");
        browser.button("Accept the agreement").click();
        browser.link("Create New").click();
        browser.button("Writeback Connector Push the rows of a Domo DataSet to another system.").click();
        browser.type("Connector name", XSS_NAME);
        browser.step("name-your-connector");
        browser.button("Create").click();
        browser.heading("Icons");
        connectorId = browser.driver().getCurrentUrl().replaceAll(".*#/connectors/([^/]+)/icons$", "$1");

        browser.go("#/author");
        WebElement name = browser.find(By.linkText(XSS_NAME));
        assertEquals(XSS_NAME, name.getText());
        assertTrue(browser.all(By.cssSelector("img[src='x']")).isEmpty(), "the name became an element");
        browser.step("xss-name-as-text");

        step("name");
        browser.heading("Name your connector");
        browser.type("Connector name", "File Drop Writeback");
        browser.button("Save").click();
        browser.message("Saved.");
    }

    @Test
    @Order(3)
    void aFileThatIsNotAPngIsRefusedInlineAndTheSampleIconIsPreviewed() throws IOException {
        step("icons");
        browser.heading("Icons");
        Path notPng = Files.createTempFile("not-an-icon", ".png");
        Files.writeString(notPng, "these are not the bytes of a PNG image");
        browser.field("Icon with background (512 × 512)").sendKeys(notPng.toString());
        WebElement error = browser.message("PNG");
        browser.step("icon-not-png");
        assertFalse(error.getText().isBlank());

        browser.field("Icon with background (512 × 512)").sendKeys(SAMPLE.resolve("icon.png").toAbsolutePath().toString());
        browser.message("Icon with background uploaded.");
        WebElement preview = browser.find(By.cssSelector("img[alt='Icon with background preview']"));
        assertTrue(((Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("return arguments[0].naturalWidth", preview)).intValue() == 512);
        browser.step("icon-uploaded");
    }

    @Test
    @Order(4)
    void theDomoClientIsVerifiedAndItsSecretNotShownAgain() throws IOException {
        step("domo-client");
        browser.heading("Configure Domo authentication");
        browser.type("Domo Client Key", platform.domoClientId());
        browser.type("Domo Client Secret", platform.domoClientSecret());
        browser.button("Verify and save").click();
        browser.message("Verified with Domo.");
        assertEquals("", browser.field("Domo Client Secret").getAttribute("value"));
        assertFalse(browser.driver().getPageSource().contains(platform.domoClientSecret()));
        browser.step("domo-client");
    }

    @Test
    @Order(5)
    void theAuthenticationIsCustomFieldsAndTheSampleAuthScript() throws IOException {
        step("authentication");
        browser.heading("Configure authentication");
        browser.choose("Authentication type", "Custom account");
        browser.button("Add field").click();
        browser.button("Add field").click();
        List<WebElement> keys = browser.all(By.name("fieldKey"));
        List<WebElement> labels = browser.all(By.name("fieldLabel"));
        keys.get(0).sendKeys("baseUrl");
        labels.get(0).sendKeys("File Drop URL");
        keys.get(1).sendKeys("apiKey");
        labels.get(1).sendKeys("API key");
        browser.all(By.xpath("//label[contains(., 'Password')]/input")).get(1).click();
        browser.button("Save authentication").click();
        browser.message("Authentication saved.");

        browser.pasteIntoEditor(0, Files.readString(SAMPLE.resolve("auth.js")));
        browser.button("Save authentication script").click();
        browser.message("Authentication script saved.");
        browser.step("authentication");
    }

    @Test
    @Order(6)
    void reportsAndTheDatasetIdParameterWithItsHelpText() throws IOException {
        step("reports");
        browser.heading("Reports");
        for (String report : List.of("Opened emails", "All events")) {
            browser.type("New Report Name", report);
            browser.button("Add Report").click();
        }
        browser.button("Save reports").click();
        browser.message("Reports saved.");
        browser.step("reports");

        step("parameters");
        browser.heading("Parameters");
        browser.button("Add Parameter").click();
        browser.type("Parameter Name", "datasetId");
        browser.choose("Type", "String");
        browser.type("Help Text", "The input DataSet's id: the part after /datasources/ in its URL.");
        browser.find(By.name("required")).click();
        browser.button("Save parameters").click();
        browser.message("Parameters saved.");
        browser.step("parameters");
    }

    @Test
    @Order(7)
    void aProcessingScriptWithASyntaxErrorIsMarkedAtItsLineThenTheSampleIsSaved() throws IOException {
        step("processing");
        browser.heading("Define how data is processed");
        browser.pasteIntoEditor(0, "var rows = 1;\nvar broken = {;\n");
        browser.button("Save processing script").click();
        browser.message("line 2");
        WebElement secondLine = browser.all(By.cssSelector(".cm-line")).get(1);
        assertFalse(secondLine.findElements(By.cssSelector(".cm-lintRange-error")).isEmpty(), "line 2 is marked");
        browser.step("processing-syntax-error");

        browser.find(By.cssSelector(".cm-content")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE, "httprequest.addH");
        WebElement completion = browser.find(By.cssSelector(".cm-tooltip-autocomplete"));
        assertTrue(completion.getText().contains("addHeader"), completion.getText());
        browser.step("processing-completion");

        browser.pasteIntoEditor(0, Files.readString(SAMPLE.resolve("process.js")));
        browser.button("Save processing script").click();
        browser.message("Processing script saved.");
        assertTrue(browser.all(By.cssSelector(".cm-lintRange-error")).isEmpty(), "the mark is gone");
        browser.step("processing");
    }

    /** The text of the first element matching {@code css}, read in the page: pages that poll redraw it meanwhile. */
    private static String textOf(String css) {
        Object text = ((JavascriptExecutor) browser.driver()).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.textContent : ''", css);
        return String.valueOf(text);
    }

    /** The shown test run's status once it has ended. */
    private static String testRunStatus() {
        return browser.until(d -> textOf(".test-run-status").matches("SUCCEEDED|FAILED|CANCELLED") ? textOf(".test-run-status") : null);
    }

    @Test
    @Order(8)
    void theAuthorRunsTheProcessingScriptLiveThenDryAndReadsWhatItDid() throws IOException {
        step("processing");
        browser.heading("Define how data is processed");
        browser.type("File Drop URL", platform.fileDrop().baseUri().toString());
        browser.type("API key", platform.fileDropKey());
        browser.choose("Report", "Opened emails");
        browser.type("datasetId (required)", DATASET);
        browser.button("Run").click();
        assertEquals("SUCCEEDED", testRunStatus(), browser.find(By.tagName("main")).getText());
        assertTrue(browser.find(By.cssSelector(".test-run pre.log")).getText().contains("wrote 16 rows to " + DATASET + ".csv"));
        assertEquals(17, browser.all(By.cssSelector(".test-run .grid tr")).size(), "a header and 16 rows");
        WebElement sent = browser.find(By.cssSelector(".test-run .exchange"));
        assertTrue(sent.getText().matches("PUT .*/v1/files/" + DATASET + "\\.csv → 201, \\d+ bytes sent, \\d+ received"), sent.getText());
        assertFalse(browser.find(By.cssSelector(".test-run table code")).getText().isBlank(), "the SQL query is shown");
        browser.step("test-run-live");

        browser.choose("Mode", "Dry: send nothing, answer with canned responses");
        browser.button("Add response").click();
        browser.type("Method", "PUT");
        browser.type("URL pattern", "*/v1/files/*");
        browser.type("Status", "202");
        browser.type("Body", "{\"stubbed\":true}");
        browser.button("Run").click();
        browser.find(By.xpath("//div[contains(@class, 'test-run')]//dd[contains(., ', dry')]"));
        assertEquals("FAILED", testRunStatus(), "the sample wants 201 from the File Drop store");
        assertEquals("process.js, line 27, column 3 (DATAGRID_ERROR)",
                browser.find(By.xpath("//div[contains(@class, 'test-run')]//p[contains(., ', line ')]")).getText());
        WebElement line27 = browser.all(By.cssSelector(".cm-line")).get(26);
        assertFalse(line27.findElements(By.cssSelector(".cm-lintRange-error")).isEmpty(), "line 27 is marked in the editor");
        browser.step("test-run-dry-failed");

        browser.type("Status", "201");
        browser.button("Run").click();
        browser.until(d -> d.findElements(By.xpath("//div[contains(@class, 'test-run')]//p[contains(., ', line ')]")).isEmpty());
        assertEquals("SUCCEEDED", testRunStatus(), browser.find(By.tagName("main")).getText());
        WebElement stubbed = browser.find(By.cssSelector(".test-run .exchange"));
        assertTrue(stubbed.getText().matches("PUT .*/v1/files/" + DATASET + "\\.csv → 201, \\d+ bytes sent, 16 received \\(stubbed\\)"),
                stubbed.getText());
        stubbed.click();
        assertTrue(browser.find(By.xpath("//details[@open]//pre[normalize-space(.)='{\"stubbed\":true}']")).isDisplayed());
        assertEquals(3, browser.all(By.xpath("//h3[.='Previous test runs']/following-sibling::div//tbody/tr")).size());
        assertTrue(browser.all(By.cssSelector(".cm-lintRange-error")).isEmpty(), "the mark is gone");
        browser.step("test-run-dry");
    }

    @Test
    @Order(9)
    void theAuthorSubmitsForPublishing() throws IOException {
        step("publish");
        browser.heading("Submit for Publishing");
        browser.choose("Visibility", "Shared with your company");
        browser.button("Submit for Publishing").click();
        browser.message("is SUBMITTED");
        browser.step("submitted");

        browser.button("Withdraw").click();
        browser.message("Version 1 is withdrawn: DRAFT again.");
        browser.find(By.xpath("//tr[td[1][normalize-space(.)='1'] and td[2][normalize-space(.)='DRAFT']]"));
        browser.step("withdrawn");
        browser.button("Submit for Publishing").click();
        browser.message("is SUBMITTED");
    }

    @Test
    @Order(10)
    void aReviewerRejectsWithAReasonTheAuthorSeesThenApprovesTheResubmission() throws IOException {
        signInAs("rita", "reviewer");
        browser.link("Reviews").click();
        browser.heading("Reviews");
        browser.step("review-queue");
        browser.link("File Drop Writeback").click();
        browser.heading("Review File Drop Writeback, version 1");
        assertTrue(browser.find(By.cssSelector("pre.code")).getText().contains("auth.authenticationSuccess()"));
        browser.type("Reason for rejecting (the author sees it)", "Please say which DataSet columns are written.");
        browser.step("review");
        browser.button("Reject").click();
        browser.message("Rejected");

        signInAs("alice", "author");
        step("publish");
        browser.heading("Submit for Publishing");
        browser.find(By.xpath("//tr[td[normalize-space(.)='REJECTED'] and td[normalize-space(.)="
                + "'Please say which DataSet columns are written.']]"));
        browser.step("rejected-reason");
        browser.button("Submit for Publishing").click();
        browser.message("is SUBMITTED");

        signInAs("rita", "reviewer");
        browser.go("#/reviews");
        browser.link("File Drop Writeback").click();
        browser.button("Approve").click();
        browser.message("is published");
        browser.step("approved");
    }

    @Test
    @Order(11)
    void aReviewerSeesTheLineAnEditAddedInTheDiffAgainstThePublishedVersion() throws IOException {
        signInAs("alice", "author");
        step("processing");
        browser.heading("Define how data is processed");
        List<String> added = List.of("// version 2: the report All events waits until its run is cancelled",
                "if (metadata.report === 'All events') { for (;;) { DOMO.sleep(200); } }");
        browser.pasteIntoEditor(0, String.join("\n", added) + "\n" + Files.readString(SAMPLE.resolve("process.js")));
        browser.button("Save processing script").click();
        browser.message("Processing script saved.");
        step("publish");
        browser.heading("Submit for Publishing");
        browser.button("Submit for Publishing").click();
        browser.message("Version 2 is SUBMITTED");

        signInAs("rita", "reviewer");
        browser.go("#/reviews");
        browser.link("File Drop Writeback").click();
        browser.heading("Review File Drop Writeback, version 2");
        browser.find(By.xpath("//h2[.='Processing script']/following-sibling::div[1]//pre[contains(@class, 'diff')]"));
        List<String> insertions = browser.all(By.cssSelector("pre.diff ins")).stream().map(WebElement::getText).toList();
        assertEquals(added.stream().map(line -> "+ " + line).toList(), insertions);
        assertTrue(browser.all(By.cssSelector("pre.diff del")).isEmpty(), "nothing was removed");
        assertTrue(browser.find(By.xpath("//h2[.='Authentication script']/following-sibling::div[1]")).getText()
                .contains("Unchanged since the published version."));
        browser.step("review-diff");
        browser.button("Approve").click();
        browser.message("is published");
    }

    @Test
    @Order(12)
    void aUserConnectsAnAccountCreatesAJobAndSeesItsRunSucceed() throws IOException {
        signInAs("uma");
        browser.link("Connectors").click();
        browser.heading("Connectors");
        browser.step("connectors");
        browser.link("Connect an account to File Drop Writeback").click();
        browser.heading("Connect an account to File Drop Writeback");
        browser.type("File Drop URL", platform.fileDrop().baseUri().toString());
        browser.type("API key", platform.fileDropKey());
        browser.step("connect-account");
        browser.button("Connect").click();
        browser.message("is CONNECTED");
        browser.step("account-connected");

        browser.link("Create a job with File Drop Writeback account").click();
        browser.heading("Create a job with File Drop Writeback");
        browser.choose("Report", "Opened emails");
        browser.button("Create job").click();
        browser.message("datasetId");
        browser.step("job-missing-required-parameter");

        browser.type("datasetId (required)", DATASET);
        browser.choose("Runs", "Cron expression");
        browser.type("Cron", "0 6 * * ? *");
        browser.choose("Time zone", "Europe/Paris");
        browser.until(d -> d.findElements(By.cssSelector(".firings li")).size() == 5);
        assertTrue(browser.find(By.cssSelector(".firings li")).getText().contains("06:00 (Europe/Paris)"),
                browser.find(By.cssSelector(".firings")).getText());
        browser.step("job-schedule");
        browser.button("Create job").click();
        browser.heading("File Drop Writeback job");
        browser.step("job");

        browser.button("Run now").click();
        browser.until(d -> d.findElement(By.cssSelector(".run-status")).getText().matches("SUCCEEDED|FAILED|CANCELLED|TIMED_OUT"));
        assertEquals("SUCCEEDED", browser.find(By.cssSelector(".run-status")).getText(),
                browser.find(By.tagName("main")).getText());
        assertEquals("40", browser.find(By.cssSelector(".rows-read")).getText());
        assertEquals("16", browser.find(By.cssSelector(".rows-written")).getText());
        assertTrue(browser.find(By.cssSelector("pre.log")).getText().contains("wrote 16 rows to " + DATASET + ".csv"));
        assertEquals(17, browser.all(By.cssSelector(".grid tr")).size(), "a header and 16 rows");
        browser.step("run-succeeded");

        browser.link("Back to the job").click();
        browser.until(d -> d.findElements(By.xpath("//td[normalize-space(.)='SUCCEEDED']")).size() == 1);
        browser.step("run-history");
    }

    @Test
    @Order(13)
    void aUserCancelsARunThatIsStillGoingAndSeesItCancelled() throws IOException {
        browser.go("#/accounts");
        browser.link("Create a job with File Drop Writeback account").click();
        browser.heading("Create a job with File Drop Writeback");
        browser.type("Job name", "Every event");
        browser.choose("Report", "All events");
        browser.type("datasetId (required)", DATASET);
        browser.button("Create job").click();
        browser.heading("Every event");
        browser.button("Run now").click();
        browser.until(d -> textOf(".run-status").equals("RUNNING"));
        browser.step("run-running");
        browser.button("Cancel run").click();
        browser.until(d -> textOf(".run-status").matches("SUCCEEDED|FAILED|CANCELLED|TIMED_OUT"));
        assertEquals("CANCELLED", textOf(".run-status"), browser.find(By.tagName("main")).getText());
        browser.step("run-cancelled");
    }
}
