using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>
/// Stands in for the server's upgrade features (HTTP/1.1 Upgrade and HTTP/2 extended CONNECT) on a chat endpoint, so
/// that the WebSocket the endpoint accepts runs over a <see cref="WriteCoalescingStream"/> whose writer loop can send
/// several frames with one write.
/// </summary>
/// <remarks>
/// Installed ahead of the endpoint's own <c>UseWebSockets()</c>, which takes the upgrade features it finds. When the
/// app ran its own <c>UseWebSockets()</c> first, that middleware already holds the server's features: the socket then
/// runs over the server's stream and <see cref="Stream"/> stays null, so frames are sent one write each.
/// </remarks>
internal sealed class WriteCoalescingTransport : IHttpUpgradeFeature, IHttpExtendedConnectFeature
{
    private readonly IHttpUpgradeFeature? _upgrade;
    private readonly IHttpExtendedConnectFeature? _connect;

    private WriteCoalescingTransport(IHttpUpgradeFeature? upgrade, IHttpExtendedConnectFeature? connect)
    {
        _upgrade = upgrade;
        _connect = connect;
    }

    /// <summary>Gets the stream the accepted WebSocket runs over, once the request was upgraded through this transport.</summary>
    public WriteCoalescingStream? Stream { get; private set; }

    public bool IsUpgradableRequest => _upgrade?.IsUpgradableRequest ?? false;

    public bool IsExtendedConnect => _connect?.IsExtendedConnect ?? false;

    public string? Protocol => _connect?.Protocol;

    /// <summary>Puts a transport in place of the request's upgrade features, ahead of the WebSocket middleware.</summary>
    public static void Install(HttpContext context)
    {
        var features = context.Features;
        var upgrade = features.Get<IHttpUpgradeFeature>();
        var connect = features.Get<IHttpExtendedConnectFeature>();
        if (upgrade is null && connect is null)
        {
            return;
        }

        var transport = new WriteCoalescingTransport(upgrade, connect);
        if (upgrade is not null)
        {
            features.Set<IHttpUpgradeFeature>(transport);
        }

        if (connect is not null)
        {
            features.Set<IHttpExtendedConnectFeature>(transport);
        }

        features.Set(transport);
    }

    public async Task<Stream> UpgradeAsync()
    {
        var upgrade = _upgrade ?? throw new InvalidOperationException("This request cannot be upgraded.");
        return Stream = new WriteCoalescingStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
    }

    public async ValueTask<Stream> AcceptAsync()
    {
        var connect = _connect ?? throw new InvalidOperationException("This request is not an extended CONNECT.");
        return Stream = new WriteCoalescingStream(await connect.AcceptAsync().ConfigureAwait(false));
    }
}
