using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatRoom.Samples.Tests.Browser;

/// <summary>
/// Loses one chosen frame on its way to one connection, as a <c>@connections</c> post that fails after its retries
/// does: the server's <see cref="IConnectionMessenger"/> is decorated, reports the frame delivered and never sends it.
/// </summary>
/// <param name="choose">Whether a frame (to <see cref="ConnectionId"/>) is the one to lose; only the first match is lost.</param>
public sealed class FrameDropper(Func<JsonElement, bool> choose)
{
    private string? _connectionId;
    private int _dropped;

    /// <summary>Gets or sets the connection whose frame is lost; none until set.</summary>
    public string? ConnectionId
    {
        get => Volatile.Read(ref _connectionId);
        set => Volatile.Write(ref _connectionId, value);
    }

    /// <summary>Gets how many frames were lost: 0 or 1.</summary>
    public int Dropped => Volatile.Read(ref _dropped);

    /// <summary>Decorates the messenger registered in <paramref name="services"/> (call after the app registered its own).</summary>
    /// <param name="services">The server's services, e.g. in <c>SampleApp.Build</c>'s or the gateway's function hook.</param>
    public void Install(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(IConnectionMessenger))
            ?? throw new InvalidOperationException("No IConnectionMessenger is registered to decorate.");
        services.RemoveAll<IConnectionMessenger>();
        services.AddSingleton<IConnectionMessenger>(provider => new DroppingMessenger(Create(provider, registered), this));
    }

    /// <summary>Whether to lose this frame: the first chosen one to <see cref="ConnectionId"/>.</summary>
    internal bool ShouldDrop(string connectionId, ReadOnlyMemory<byte> utf8Frame)
    {
        if (connectionId != ConnectionId || Dropped > 0)
        {
            return false;
        }

        using var frame = JsonDocument.Parse(utf8Frame);
        return choose(frame.RootElement) && Interlocked.CompareExchange(ref _dropped, 1, 0) == 0;
    }

    private static IConnectionMessenger Create(IServiceProvider provider, ServiceDescriptor registered) =>
        (IConnectionMessenger)(registered.ImplementationInstance
            ?? registered.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!));
}
