namespace ChatRoom.Samples.Cli;

/// <summary>A member in <c>--json</c> output: <c>{"connectionId":"…","name":"…","verified":true}</c>.</summary>
public sealed class JsonMember
{
    public required string ConnectionId { get; init; }

    public required string Name { get; init; }

    public bool? Verified { get; init; }
}
