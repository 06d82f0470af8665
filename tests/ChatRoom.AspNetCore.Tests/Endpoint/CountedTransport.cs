using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary>Kestrel connection middleware that puts a <see cref="CountingPipeWriter"/> under the HTTP layer of the connection it sees.</summary>
internal sealed class CountedTransport
{
    private CountingPipeWriter? _output;

    /// <summary>Gets the flushes of the last connection so far: the sends Kestrel made on its socket.</summary>
    public int Flushes => _output?.Flushes ?? 0;

    public void Install(ListenOptions listen) => listen.Use(next => context =>
    {
        var output = new CountingPipeWriter(context.Transport.Output);
        _output = output;
        context.Transport = new DuplexPipe(context.Transport.Input, output);
        return next(context);
    });

}
