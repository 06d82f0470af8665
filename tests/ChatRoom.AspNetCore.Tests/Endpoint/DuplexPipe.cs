using System.IO.Pipelines;

namespace ChatRoom.AspNetCore.Tests.Endpoint;

/// <summary>A connection's input and output, paired.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input => input;

    public PipeWriter Output => output;
}
