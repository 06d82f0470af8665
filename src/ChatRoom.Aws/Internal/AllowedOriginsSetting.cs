using Microsoft.Extensions.Configuration;

namespace ChatRoom.Aws.Internal;

/// <summary>Reads <c>AllowedOrigins</c> from a section laid out like <c>ChatRoom</c>.</summary>
internal static class AllowedOriginsSetting
{
    /// <summary>
    /// Reads the setting in either form: one comma-separated value (a template's single variable
    /// <c>ChatRoom__AllowedOrigins</c>; the configuration binder does not split strings into arrays) or an array
    /// (<c>ChatRoom__AllowedOrigins__0</c>, <c>__1</c>, …).
    /// </summary>
    public static IReadOnlyList<string> Read(IConfiguration chatSection)
    {
        var section = chatSection.GetSection(ApiGatewayWebSocketOptions.AllowedOriginsSettingName);
        return
        [
            .. (section.Value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            .. section.GetChildren().Select(static child => child.Value).Where(static value => !string.IsNullOrWhiteSpace(value)).Select(static value => value!.Trim()),
        ];
    }
}
