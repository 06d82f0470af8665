using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>One sample app and one headless Chromium (Debian's package, driven by Playwright) for the browser tests.</summary>
/// <remarks>
/// Playwright's Node driver ships in the NuGet package and lands in the build output (<c>.playwright/</c>); the browser is
/// the system one, so nothing is downloaded. A missing browser fails every browser test with the message below.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private SampleHost? _host;

    public SampleHost Host => _host ?? throw new InvalidOperationException("The app has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    /// <summary>Gets the Chromium binary: <c>CHATROOM_CHROMIUM</c> if set, otherwise <see cref="DefaultChromiumPath"/>.</summary>
    public static string ChromiumPath =>
        Environment.GetEnvironmentVariable("CHATROOM_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromiumPath;

    public async Task InitializeAsync()
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

        _host = await SampleHost.StartAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new()
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
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
