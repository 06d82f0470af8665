using Microsoft.Playwright;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>Starts Debian's headless Chromium through Playwright (never a downloaded browser); shared by every browser fixture.</summary>
public static class ChromiumLauncher
{
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    /// <summary>Gets the Chromium binary: <c>CHATROOM_CHROMIUM</c> if set, otherwise <see cref="DefaultChromiumPath"/>.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHATROOM_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromiumPath;

    /// <summary>Starts Playwright and the browser; a missing browser fails with how to install it.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}, and it is not there. On Debian/Ubuntu: " +
                "'apt-get update && apt-get install -y chromium'; or set CHATROOM_CHROMIUM to a Chromium binary. " +
                "(Do not run 'playwright install': the tests use the system browser.)");
        }

        // Auto-waiting expectations give up after this long: generous, so a busy 2-core machine never fails them.
        Assertions.SetDefaultExpectTimeout(20_000);

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
