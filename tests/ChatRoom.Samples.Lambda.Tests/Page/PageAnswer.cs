namespace ChatRoom.Samples.Lambda.Tests.Page;

/// <summary>The page function's answer, parsed: what API Gateway turns into the HTTP response.</summary>
internal sealed record PageAnswer(int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body, bool IsBase64Encoded)
{
    public string Header(string name) => Headers.TryGetValue(name, out var value) ? value : string.Empty;
}
