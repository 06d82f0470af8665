using System.Security.Claims;

namespace ChatRoom.AspNetCore.Internal;

/// <summary>Turns an authenticated <see cref="ClaimsPrincipal"/> into the connection's identity, with the endpoint's claim types.</summary>
internal static class ClaimsIdentityReader
{
    public const int MaxGrantedRooms = 100;

    /// <summary>Reads the identity; returns <see langword="null"/> with a reason for the client when the claims cannot make one.</summary>
    public static ChatIdentity? Read(ClaimsPrincipal user, ChatRoomEndpointOptions options, out string? problem)
    {
        problem = null;
        var userId = user.FindFirst(options.UserIdClaimType)?.Value;
        if (string.IsNullOrEmpty(userId))
        {
            problem = $"The signed-in user has no user id (claim '{options.UserIdClaimType}').";
            return null;
        }

        var name = (options.NameClaimType is { } nameClaim ? user.FindFirst(nameClaim)?.Value : user.Identity?.Name) is { Length: > 0 } named
            ? named
            : userId;

        var rooms = new List<string>();
        foreach (var claim in user.FindAll(options.RoomsClaimType))
        {
            foreach (var room in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!rooms.Contains(room, StringComparer.Ordinal))
                {
                    rooms.Add(room);
                }
            }
        }

        if (rooms.Count > MaxGrantedRooms)
        {
            problem = $"The signed-in user is granted more than {MaxGrantedRooms} rooms.";
            return null;
        }

        return new ChatIdentity { UserId = userId, Name = name, GrantedRooms = rooms };
    }
}
