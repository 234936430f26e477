using Aurae.Composer.Pki;

namespace Aurae.Composer.Tests.Pki;

/// <summary>The CLI syntax NAME[:ROLE] of <c>--client</c>.</summary>
public sealed class ClientSubjectTests
{
    [Theory]
    [InlineData("alice", "alice", ClientRole.Admin)]
    [InlineData("alice:admin", "alice", ClientRole.Admin)]
    [InlineData("bob:reader", "bob", ClientRole.Reader)]
    [InlineData("ci-bot_2.prod:reader", "ci-bot_2.prod", ClientRole.Reader)]
    [InlineData("Alice", "Alice", ClientRole.Admin)]
    public void Valid_specs_parse(string spec, string name, ClientRole role)
    {
        var client = ClientSubject.Parse(spec);

        Assert.Equal(name, client.Name);
        Assert.Equal(role, client.Role);
        Assert.Equal(client, ClientSubject.Parse(client.ToString()));
    }

    [Theory]
    [InlineData("", "the name is empty")]
    [InlineData(":reader", "the name is empty")]
    [InlineData("alice:", "unknown role ''")]
    [InlineData("alice:Admin", "unknown role 'Admin'; a role is admin or reader")]
    [InlineData("alice:root", "unknown role 'root'")]
    [InlineData("alice:reader:x", "unknown role 'reader:x'")]
    [InlineData("a/b", "contains '/'")]
    [InlineData("..", "must start with a letter or a digit")]
    [InlineData(".hidden", "must start with a letter or a digit")]
    [InlineData("-x", "must start with a letter or a digit")]
    [InlineData("al ice", "contains ' '")]
    [InlineData("al\0ice", "contains '\0'")]
    public void Invalid_specs_are_quoted_with_the_reason(string spec, string reason)
    {
        var error = Assert.Throws<FormatException>(() => ClientSubject.Parse(spec));

        Assert.StartsWith($"invalid client '{spec}': ", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_name_longer_than_64_characters_is_refused()
    {
        Assert.Null(ClientSubject.ValidateName(new string('a', 64)));
        Assert.Contains("at most 64", ClientSubject.ValidateName(new string('a', 65)));
    }
}
