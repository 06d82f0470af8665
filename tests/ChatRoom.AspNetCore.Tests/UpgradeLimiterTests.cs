using System.Net;
using ChatRoom.AspNetCore.Internal;

namespace ChatRoom.AspNetCore.Tests;

/// <summary>How the per-address limits partition clients.</summary>
public sealed class UpgradeLimiterTests
{
    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("::ffff:192.0.2.7", "192.0.2.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    [InlineData(null, "unknown")]
    public void PartitionKey_Address_IPv4AsItIsIPv6ByPrefix(string? address, string expected)
    {
        var key = UpgradeLimiter.PartitionKey(address is null ? null : IPAddress.Parse(address));

        Assert.Equal(expected, key);
    }
}
