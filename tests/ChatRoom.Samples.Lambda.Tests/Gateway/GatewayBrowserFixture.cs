using ChatRoom.Samples.Tests.Browser;
using Microsoft.Playwright;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>One local gateway (which starts its own dynalite, as <c>dotnet run</c> does) and one headless Chromium.</summary>
public sealed class GatewayBrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private GatewayHost? _host;

    public GatewayHost Host => _host ?? throw new InvalidOperationException("The gateway has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        _host = await GatewayHost.StartAsync();
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
