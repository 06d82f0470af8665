namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>One app with default settings, shared by a test class whose tests use their own rooms and names.</summary>
public sealed class SampleHostFixture : IAsyncLifetime
{
    private SampleHost? _host;

    public SampleHost Host => _host ?? throw new InvalidOperationException("The app has not started.");

    public async Task InitializeAsync() => _host = await SampleHost.StartAsync();

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
