using Xunit;

namespace ChatRoom.Testing;

/// <summary>
/// The semantics every <see cref="IConnectionStore"/> must have, tested only through the port.
/// </summary>
/// <remarks>
/// Each adapter's test project derives from this class and supplies <see cref="CreateStoreAsync"/>. Every test uses
/// rooms and connection ids of its own (a fresh GUID each), so the store may be shared between tests, e.g. one table.
/// </remarks>
public abstract class ConnectionStoreConformanceTests
{
    /// <summary>The room limit the tests join with, unless a test is about the limit.</summary>
    private const int MaxRooms = 16;

    /// <summary>A timestamp with millisecond precision, which every store can round-trip.</summary>
    private static readonly DateTimeOffset s_connectedAt = new(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);

    /// <summary>Creates the store under test (or returns a shared one).</summary>
    /// <returns>The store.</returns>
    protected abstract Task<IConnectionStore> CreateStoreAsync();

    [Fact]
    public async Task GetConnectionAsync_AfterAdd_ReturnsConnection()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection("Alice");

        await store.AddConnectionAsync(connection);

        Assert.Equal(connection, await store.GetConnectionAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task GetConnectionAsync_AuthenticatedWithGrants_ReturnsIdentityAndGrantsInOrder()
    {
        var store = await CreateStoreAsync();
        var connection = SignedIn(NewConnection("Alice")) with { GrantedRooms = ["private.ops", "private.a-team"] };

        await store.AddConnectionAsync(connection);
        var loaded = await store.GetConnectionAsync(connection.ConnectionId);

        Assert.Equal(connection, loaded);
        Assert.True(loaded!.Member.IsAuthenticated);
        Assert.Equal(["private.ops", "private.a-team"], loaded.GrantedRooms);
    }

    [Fact]
    public async Task GetConnectionAsync_Anonymous_IsNotAuthenticatedAndHasNoGrants()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection("Guest");

        await store.AddConnectionAsync(connection);
        var loaded = await store.GetConnectionAsync(connection.ConnectionId);

        Assert.False(loaded!.Member.IsAuthenticated);
        Assert.Empty(loaded.GrantedRooms);
    }

    [Fact]
    public async Task GetConnectionAsync_UnknownId_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        Assert.Null(await store.GetConnectionAsync(NewId("unknown")));
    }

    [Fact]
    public async Task AddConnectionAsync_SameIdAgain_ReplacesRecord()
    {
        var store = await CreateStoreAsync();
        var first = NewConnection("Alice");
        var second = first with { Member = first.Member with { Name = "Alicia", UserId = NewId("user") }, ConnectedAt = s_connectedAt.AddSeconds(1) };

        await store.AddConnectionAsync(first);
        await store.AddConnectionAsync(second);

        Assert.Equal(second, await store.GetConnectionAsync(first.ConnectionId));
    }

    [Fact]
    public async Task RemoveConnectionAsync_Registered_GetReturnsNull()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        await store.AddConnectionAsync(connection);

        await store.RemoveConnectionAsync(connection.ConnectionId);

        Assert.Null(await store.GetConnectionAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task RemoveConnectionAsync_MemberOfRooms_ReturnsItsRooms()
    {
        var store = await CreateStoreAsync();
        var (connection, rooms) = await InThreeRoomsAsync(store);

        var removed = await store.RemoveConnectionAsync(connection.ConnectionId);

        Assert.Equal(Sorted(rooms), Sorted(removed));
    }

    [Fact]
    public async Task RemoveConnectionAsync_InNoRoom_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        await store.AddConnectionAsync(connection);

        Assert.Empty(await store.RemoveConnectionAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task RemoveConnectionAsync_Twice_SecondReturnsEmpty()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);

        var first = await store.RemoveConnectionAsync(connection.ConnectionId);
        var second = await store.RemoveConnectionAsync(connection.ConnectionId);

        Assert.Equal([room], first);
        Assert.Empty(second);
        Assert.Null(await store.GetConnectionAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task RemoveConnectionAsync_UnknownId_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.RemoveConnectionAsync(NewId("unknown")));
    }

    [Fact]
    public async Task RemoveConnectionAsync_MemberOfRooms_DropsAllItsMemberships()
    {
        var store = await CreateStoreAsync();
        var leaving = NewConnection();
        var staying = NewConnection();
        var rooms = new[] { NewRoom(), NewRoom() };
        await store.AddConnectionAsync(leaving);
        await store.AddConnectionAsync(staying);
        foreach (var room in rooms)
        {
            await store.JoinRoomAsync(room, leaving, MaxRooms);
            await store.JoinRoomAsync(room, staying, MaxRooms);
        }

        await store.RemoveConnectionAsync(leaving.ConnectionId);

        Assert.Empty(await store.GetRoomsAsync(leaving.ConnectionId));
        foreach (var room in rooms)
        {
            Assert.Equal([staying.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
            Assert.False(await store.LeaveRoomAsync(room, leaving.ConnectionId));
        }

        Assert.Equal(Sorted(rooms), Sorted(await store.GetRoomsAsync(staying.ConnectionId)));
    }

    [Fact]
    public async Task JoinRoomAsync_NewMember_ReturnsJoined()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var room = NewRoom();
        await store.AddConnectionAsync(connection);

        Assert.Equal(RoomJoinResult.Joined, await store.JoinRoomAsync(room, connection, MaxRooms));
        Assert.Equal([connection.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
    }

    [Fact]
    public async Task JoinRoomAsync_AlreadyMember_ReturnsAlreadyMemberAndListsItOnce()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);

        Assert.Equal(RoomJoinResult.AlreadyMember, await store.JoinRoomAsync(room, connection, MaxRooms));
        Assert.Equal([connection.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
        Assert.Equal([room], await store.GetRoomsAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task JoinRoomAsync_AfterLeaving_ReturnsJoinedAgain()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);
        await store.LeaveRoomAsync(room, connection.ConnectionId);

        Assert.Equal(RoomJoinResult.Joined, await store.JoinRoomAsync(room, connection, MaxRooms));
        Assert.Equal([connection.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
    }

    [Fact]
    public async Task JoinRoomAsync_AtTheLimit_ReturnsTooManyRoomsAndJoinsNothing()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var rooms = new[] { NewRoom(), NewRoom() };
        var extra = NewRoom();
        await store.AddConnectionAsync(connection);
        foreach (var room in rooms)
        {
            Assert.Equal(RoomJoinResult.Joined, await store.JoinRoomAsync(room, connection, maxRooms: 2));
        }

        Assert.Equal(RoomJoinResult.TooManyRooms, await store.JoinRoomAsync(extra, connection, maxRooms: 2));
        Assert.Equal(RoomJoinResult.AlreadyMember, await store.JoinRoomAsync(rooms[0], connection, maxRooms: 2));
        Assert.Equal(Sorted(rooms), Sorted(await store.GetRoomsAsync(connection.ConnectionId)));
        Assert.Empty(await ReadMemberIdsAsync(store, extra, 1000));
    }

    [Fact]
    public async Task JoinRoomAsync_ConcurrentJoinsOfOneConnection_NeverExceedTheLimit()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var rooms = Enumerable.Range(0, 12).Select(_ => NewRoom()).ToList();
        await store.AddConnectionAsync(connection);

        var results = await Task.WhenAll(rooms.Select(room => Task.Run(() => store.JoinRoomAsync(room, connection, maxRooms: 3))));

        Assert.Equal(3, results.Count(r => r == RoomJoinResult.Joined));
        Assert.Equal(9, results.Count(r => r == RoomJoinResult.TooManyRooms));
        var joined = rooms.Where((_, i) => results[i] == RoomJoinResult.Joined).ToList();
        Assert.Equal(Sorted(joined), Sorted(await store.GetRoomsAsync(connection.ConnectionId)));
        foreach (var room in rooms)
        {
            Assert.Equal(joined.Contains(room) ? [connection.ConnectionId] : Array.Empty<string>(), await ReadMemberIdsAsync(store, room, 1000));
        }
    }

    [Fact]
    public async Task JoinRoomAsync_AfterLeavingAtTheLimit_ReturnsJoined()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var (first, second) = (NewRoom(), NewRoom());
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(first, connection, maxRooms: 1);
        await store.LeaveRoomAsync(first, connection.ConnectionId);

        Assert.Equal(RoomJoinResult.Joined, await store.JoinRoomAsync(second, connection, maxRooms: 1));
        Assert.Equal([second], await store.GetRoomsAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task JoinRoomAsync_UnregisteredConnection_ReturnsNotRegisteredAndJoinsNothing()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var room = NewRoom();

        Assert.Equal(RoomJoinResult.NotRegistered, await store.JoinRoomAsync(room, connection, MaxRooms));
        Assert.Empty(await ReadMemberIdsAsync(store, room, 1000));
        Assert.Empty(await store.GetRoomsAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task JoinRoomAsync_RemovedConnection_ReturnsNotRegistered()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        await store.AddConnectionAsync(connection);
        await store.RemoveConnectionAsync(connection.ConnectionId);

        Assert.Equal(RoomJoinResult.NotRegistered, await store.JoinRoomAsync(NewRoom(), connection, MaxRooms));
    }

    [Fact]
    public async Task AddConnectionAsync_SameIdAgain_KeepsMemberships()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection("Alice");
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);

        await store.AddConnectionAsync(connection with { Member = connection.Member with { Name = "Alicia" } });

        Assert.Equal([room], await store.GetRoomsAsync(connection.ConnectionId));
        Assert.Equal([connection.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
    }

    [Fact]
    public async Task RenewConnectionAsync_Registered_ReturnsTrueAndKeepsEverything()
    {
        var store = await CreateStoreAsync();
        var connection = SignedIn(NewConnection()) with { GrantedRooms = ["private.a"] };
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);

        Assert.True(await store.RenewConnectionAsync(connection.ConnectionId));
        Assert.Equal(connection, await store.GetConnectionAsync(connection.ConnectionId));
        Assert.Equal([room], await store.GetRoomsAsync(connection.ConnectionId));
        Assert.Equal([connection.Member], (await store.GetMembersAsync(room, null, 10)).Members);
    }

    [Fact]
    public async Task RenewConnectionAsync_UnknownOrRemoved_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        await store.AddConnectionAsync(connection);
        await store.RemoveConnectionAsync(connection.ConnectionId);

        Assert.False(await store.RenewConnectionAsync(connection.ConnectionId));
        Assert.False(await store.RenewConnectionAsync(NewId("unknown")));
        Assert.Null(await store.GetConnectionAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task LeaveRoomAsync_Member_ReturnsTrueAndRemovesMembership()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var other = NewConnection();
        var room = NewRoom();
        var otherRoom = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.AddConnectionAsync(other);
        await store.JoinRoomAsync(room, connection, MaxRooms);
        await store.JoinRoomAsync(room, other, MaxRooms);
        await store.JoinRoomAsync(otherRoom, connection, MaxRooms);

        Assert.True(await store.LeaveRoomAsync(room, connection.ConnectionId));

        Assert.Equal([other.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
        Assert.Equal([otherRoom], await store.GetRoomsAsync(connection.ConnectionId));
        Assert.Equal(connection, await store.GetConnectionAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task LeaveRoomAsync_Twice_SecondReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);

        Assert.True(await store.LeaveRoomAsync(room, connection.ConnectionId));
        Assert.False(await store.LeaveRoomAsync(room, connection.ConnectionId));
    }

    [Fact]
    public async Task LeaveRoomAsync_NotAMember_ReturnsFalse()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        var member = NewConnection();
        var room = NewRoom();
        await store.AddConnectionAsync(connection);
        await store.AddConnectionAsync(member);
        await store.JoinRoomAsync(room, member, MaxRooms);

        Assert.False(await store.LeaveRoomAsync(room, connection.ConnectionId));
        Assert.Equal([member.ConnectionId], await ReadMemberIdsAsync(store, room, 1000));
    }

    [Fact]
    public async Task LeaveRoomAsync_UnknownConnection_ReturnsFalse()
    {
        var store = await CreateStoreAsync();

        Assert.False(await store.LeaveRoomAsync(NewRoom(), NewId("unknown")));
    }

    [Fact]
    public async Task GetRoomsAsync_MemberOfSeveral_ReturnsEachOnce()
    {
        var store = await CreateStoreAsync();
        var (connection, rooms) = await InThreeRoomsAsync(store);

        Assert.Equal(Sorted(rooms), Sorted(await store.GetRoomsAsync(connection.ConnectionId)));
    }

    [Fact]
    public async Task GetConnectionAsync_RoomsReadAlong_AreTheRoomsJoinedAndLeftNot()
    {
        var store = await CreateStoreAsync();
        var (connection, rooms) = await InThreeRoomsAsync(store);

        await store.LeaveRoomAsync(rooms[1], connection.ConnectionId);

        // A store may leave the rooms to GetRoomsAsync; one that reads them along must read them right.
        if ((await store.GetConnectionAsync(connection.ConnectionId))!.Rooms is { } along)
        {
            Assert.Equal(Sorted(new[] { rooms[0], rooms[2] }), Sorted(along));
        }
    }

    [Fact]
    public async Task GetRoomsAsync_InNoRoom_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();
        var connection = NewConnection();
        await store.AddConnectionAsync(connection);

        Assert.Empty(await store.GetRoomsAsync(connection.ConnectionId));
    }

    [Fact]
    public async Task GetRoomsAsync_UnknownConnection_ReturnsEmpty()
    {
        var store = await CreateStoreAsync();

        Assert.Empty(await store.GetRoomsAsync(NewId("unknown")));
    }

    [Fact]
    public async Task GetMembersAsync_EmptyRoom_ReturnsEmptyLastPage()
    {
        var store = await CreateStoreAsync();

        var page = await store.GetMembersAsync(NewRoom(), null, 10);

        Assert.Empty(page.Members);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task GetMembersAsync_AllFitOnOnePage_ReturnsThemInOrderWithNoToken()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var members = await JoinNumberedAsync(store, room, NewId("c"), 0, 1, 2, 3, 4);

        var page = await store.GetMembersAsync(room, null, 1000);

        Assert.Equal(members.Select(m => m.ConnectionId), page.Members.Select(m => m.ConnectionId));
        Assert.Null(page.ContinuationToken);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(1000)]
    public async Task GetMembersAsync_PagedThrough_ReturnsEveryMemberExactlyOnceInOrder(int pageSize)
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var members = await JoinNumberedAsync(store, room, NewId("c"), 0, 1, 2, 3, 4, 5, 6);

        var pages = await ReadPagesAsync(store, room, pageSize);

        Assert.All(pages, page => Assert.InRange(page.Members.Count, 0, pageSize));
        Assert.All(pages.SkipLast(1), page => Assert.NotNull(page.ContinuationToken));
        Assert.Null(pages[^1].ContinuationToken);
        Assert.Equal(members.Select(m => m.ConnectionId), pages.SelectMany(p => p.Members).Select(m => m.ConnectionId));
    }

    [Fact]
    public async Task GetMembersAsync_Member_ReturnsStoredMember()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var alice = NewConnection("Alice");
        var bob = NewConnection("Bob Smith");
        await store.AddConnectionAsync(alice);
        await store.AddConnectionAsync(bob);
        await store.JoinRoomAsync(room, alice, MaxRooms);
        await store.JoinRoomAsync(room, bob, MaxRooms);

        var members = (await ReadPagesAsync(store, room, 1000)).SelectMany(p => p.Members).ToList();

        Assert.Equal(
            Sorted([alice.Member, bob.Member]),
            Sorted(members));
    }

    [Fact]
    public async Task GetMembersAsync_JoinsAndLeavesBetweenPages_NeitherSkipsNorRepeatsOthers()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var prefix = NewId("c");
        var members = await JoinNumberedAsync(store, room, prefix, 1, 2, 3, 4, 5, 6, 7, 8);
        var seen = new List<string>();

        var page = await store.GetMembersAsync(room, null, 3);
        seen.AddRange(page.Members.Select(m => m.ConnectionId));
        Assert.NotNull(page.ContinuationToken);

        // Between pages: two already read (one of them the last on the page) and one not yet read leave;
        // members join before, among and after the rest.
        Assert.True(await store.LeaveRoomAsync(room, members[1].ConnectionId));
        Assert.True(await store.LeaveRoomAsync(room, members[2].ConnectionId));
        Assert.True(await store.LeaveRoomAsync(room, members[4].ConnectionId));
        var joined = await JoinNumberedAsync(store, room, prefix, 0, 9);
        var between = NewConnection(id: members[5].ConnectionId + "a");
        await store.AddConnectionAsync(between);
        await store.JoinRoomAsync(room, between, MaxRooms);

        var pages = 0;
        while (page.ContinuationToken is not null)
        {
            Assert.InRange(++pages, 1, 20);
            page = await store.GetMembersAsync(room, page.ContinuationToken, 3);
            seen.AddRange(page.Members.Select(m => m.ConnectionId));
        }

        var stayed = members.Where((_, i) => i is not (1 or 2 or 4)).Select(m => m.ConnectionId);
        Assert.All(stayed, id => Assert.Single(seen, id));
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(members[4].ConnectionId, seen);
        Assert.Contains(between.ConnectionId, seen);
        Assert.Contains(joined[1].ConnectionId, seen);
    }

    [Fact]
    public async Task GetMembersAsync_SignedInAndAnonymous_SaysWhichIsAuthenticated()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var signedIn = SignedIn(NewConnection("Alice", "a-" + NewId("conn")));
        var anonymous = NewConnection("Alice", "b-" + NewId("conn"));
        foreach (var connection in new[] { signedIn, anonymous })
        {
            await store.AddConnectionAsync(connection);
            await store.JoinRoomAsync(room, connection, MaxRooms);
        }

        var members = (await store.GetMembersAsync(room, null, 10)).Members;

        Assert.Equal(
            [signedIn.Member, anonymous.Member],
            members);
    }

    [Fact]
    public async Task GetMembersAsync_AfterAnyConnectionId_StartsWithTheNextMember()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var prefix = NewId("p");
        await JoinNumberedAsync(store, room, prefix, 1, 3, 5);

        var afterMember = await store.GetMembersAsync(room, $"{prefix}-03", 10);
        var afterGap = await store.GetMembersAsync(room, $"{prefix}-02", 10);
        var afterLast = await store.GetMembersAsync(room, $"{prefix}-05", 10);

        Assert.Equal([$"{prefix}-05"], afterMember.Members.Select(m => m.ConnectionId));
        Assert.Equal([$"{prefix}-03", $"{prefix}-05"], afterGap.Members.Select(m => m.ConnectionId));
        Assert.Empty(afterLast.Members);
        Assert.Null(afterLast.ContinuationToken);
    }

    [Fact]
    public async Task GetMembersAsync_AfterLastMemberLeaves_ReturnsEmptyLastPage()
    {
        var store = await CreateStoreAsync();
        var room = NewRoom();
        var connection = NewConnection();
        await store.AddConnectionAsync(connection);
        await store.JoinRoomAsync(room, connection, MaxRooms);

        await store.LeaveRoomAsync(room, connection.ConnectionId);
        var page = await store.GetMembersAsync(room, null, 10);

        Assert.Empty(page.Members);
        Assert.Null(page.ContinuationToken);
    }

    /// <summary>Creates a unique id with a readable prefix.</summary>
    /// <param name="prefix">What the id is for.</param>
    /// <returns>The id.</returns>
    protected static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>Creates a unique, valid room name.</summary>
    /// <returns>The room name.</returns>
    protected static string NewRoom() => NewId("room");

    /// <summary>Creates a connection with a unique id (unless given) and user id.</summary>
    /// <param name="name">The display name.</param>
    /// <param name="id">The connection id, or <see langword="null"/> for a new one.</param>
    /// <returns>The connection, not yet stored.</returns>
    protected static ConnectionInfo NewConnection(string name = "Guest", string? id = null) =>
        new() { Member = new() { ConnectionId = id ?? NewId("conn"), Name = name, UserId = NewId("user") }, ConnectedAt = s_connectedAt };

    private static ConnectionInfo SignedIn(ConnectionInfo connection) => connection with { Member = connection.Member with { IsAuthenticated = true } };

    private static async Task<List<ConnectionInfo>> JoinNumberedAsync(IConnectionStore store, string room, string prefix, params int[] numbers)
    {
        var connections = new List<ConnectionInfo>();
        foreach (var number in numbers)
        {
            var connection = NewConnection($"Member {number}", $"{prefix}-{number:D2}");
            await store.AddConnectionAsync(connection);
            Assert.Equal(RoomJoinResult.Joined, await store.JoinRoomAsync(room, connection, MaxRooms));
            connections.Add(connection);
        }

        return connections;
    }

    private static async Task<List<MemberPage>> ReadPagesAsync(IConnectionStore store, string room, int pageSize)
    {
        var pages = new List<MemberPage>();
        string? token = null;
        do
        {
            // A store that never ends its pages fails here instead of hanging.
            Assert.InRange(pages.Count, 0, 100);
            var page = await store.GetMembersAsync(room, token, pageSize);
            pages.Add(page);
            token = page.ContinuationToken;
        }
        while (token is not null);

        return pages;
    }

    private static async Task<List<string>> ReadMemberIdsAsync(IConnectionStore store, string room, int pageSize) =>
        [.. (await ReadPagesAsync(store, room, pageSize)).SelectMany(p => p.Members).Select(m => m.ConnectionId)];

    /// <summary>Registers a new connection and joins it to three new rooms.</summary>
    private static async Task<(ConnectionInfo Connection, string[] Rooms)> InThreeRoomsAsync(IConnectionStore store)
    {
        var connection = NewConnection();
        var rooms = new[] { NewRoom(), NewRoom(), NewRoom() };
        await store.AddConnectionAsync(connection);
        foreach (var room in rooms)
        {
            await store.JoinRoomAsync(room, connection, MaxRooms);
        }

        return (connection, rooms);
    }

    private static List<string> Sorted(IEnumerable<string> values) => [.. values.Order(StringComparer.Ordinal)];

    private static List<ChatMember> Sorted(IEnumerable<ChatMember> members) => [.. members.OrderBy(m => m.ConnectionId, StringComparer.Ordinal)];
}
