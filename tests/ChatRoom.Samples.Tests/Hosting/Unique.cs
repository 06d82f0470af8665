namespace ChatRoom.Samples.Tests.Hosting;

/// <summary>Names that no other test uses, so tests can share one app.</summary>
public static class Unique
{
    /// <summary>A display name such as <c>alice-1f3a9c</c> (display names are at most 32 characters).</summary>
    public static string Name(string prefix) => $"{prefix}-{Suffix()}";

    /// <summary>A room name such as <c>history-1f3a9c2b</c>.</summary>
    public static string Room(string prefix) => $"{prefix}-{Suffix()}{Suffix()}";

    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];
}
