using ChatRoom.Samples.Tests.Hosting;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>The ASP.NET Core sample app and one headless Chromium for the browser tests.</summary>
public sealed class BrowserFixture : BrowserHostFixture<SampleHost>
{
    protected override Task<SampleHost> StartHostAsync() => SampleHost.StartAsync();
}
