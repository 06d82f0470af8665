namespace ChatRoom.Aws.Tests.ApiGateway;

/// <summary>One request as the scripted gateway received it, before any decoding of the path.</summary>
public sealed record RecordedRequest(
    string Method,
    string RawTarget,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
