using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>One sample app and one headless Chromium (Debian's package, driven by Playwright) for the browser tests.</summary>
/// <remarks>
/// Playwright's Node driver ships in the NuGet package and lands in the build output (<c>.playwright/</c>); the browser is
/// the system one (<see cref="ChromiumLauncher"/>), so nothing is downloaded. A missing browser fails every browser test.
/// </remarks>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private SampleHost? _host;

    public SampleHost Host => _host ?? throw new InvalidOperationException("The app has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        _host = await SampleHost.StartAsync();
        (_playwright, _browser) = await ChromiumLauncher.LaunchAsync();
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
