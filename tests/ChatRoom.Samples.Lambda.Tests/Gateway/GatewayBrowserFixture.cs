using ChatRoom.Samples.Tests.Browser;

namespace ChatRoom.Samples.Lambda.Tests.Gateway;

/// <summary>One local gateway (which starts its own dynalite, as <c>dotnet run</c> does) and one headless Chromium.</summary>
public sealed class GatewayBrowserFixture : BrowserHostFixture<GatewayHost>
{
    protected override Task<GatewayHost> StartHostAsync() => GatewayHost.StartAsync();
}
