using ChatRoom.Samples.Tests.Hosting;
using Microsoft.Playwright;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>One chat host and one headless Chromium (Debian's package, driven by Playwright) for a class of browser tests.</summary>
/// <remarks>
/// Playwright's Node driver ships in the NuGet package and lands in the build output (<c>.playwright/</c>); the browser is
/// the system one (<see cref="ChromiumLauncher"/>), so nothing is downloaded. A missing browser fails every browser test.
/// </remarks>
/// <typeparam name="THost">The host the page is served by.</typeparam>
public abstract class BrowserHostFixture<THost> : IAsyncLifetime
    where THost : class, IChatHost, IAsyncDisposable
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private THost? _host;

    public THost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        _host = await StartHostAsync();
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

    /// <summary>Starts the host the page is served by.</summary>
    protected abstract Task<THost> StartHostAsync();
}
