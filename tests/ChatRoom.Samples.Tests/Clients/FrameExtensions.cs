using System.Text.Json;

namespace ChatRoom.Samples.Tests.Clients;

/// <summary>Short reads of protocol frames.</summary>
public static class FrameExtensions
{
    public static string? Type(this JsonElement frame) => frame.StringOf("type");

    /// <summary>Gets a string property, or <see langword="null"/> when it is missing or not a string.</summary>
    public static string? StringOf(this JsonElement frame, string property) =>
        frame.ValueKind == JsonValueKind.Object && frame.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static long Seq(this JsonElement message) => message.GetProperty("seq").GetInt64();

    public static string Text(this JsonElement message) => message.StringOf("text") ?? throw new InvalidOperationException($"No text in {message}.");

    public static string? SenderName(this JsonElement message) => message.GetProperty("sender").StringOf("name");

    /// <summary>Gets the <c>name</c> of the <c>member</c> of a presence or typing frame.</summary>
    public static string? MemberName(this JsonElement frame) => frame.GetProperty("member").StringOf("name");

    public static JsonElement[] Array(this JsonElement frame, string property) => [.. frame.GetProperty(property).EnumerateArray()];
}
