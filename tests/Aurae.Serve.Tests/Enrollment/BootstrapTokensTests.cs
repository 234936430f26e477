using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Aurae.Composer.Tests.Pki;
using Aurae.Serve.Enrollment;
using Aurae.Serve.Tests;

namespace Aurae.Serve.Tests.Enrollment;

/// <summary>Bootstrap tokens: bound to a MAC, expire, tamper-evident, single use, and honoured after a restart.</summary>
public sealed class BootstrapTokensTests
{
    private const string Mac = "52:54:00:12:34:56";
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 18, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromMinutes(15);

    private readonly byte[] caKey = NewCaKey();

    private static byte[] NewCaKey()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportPkcs8PrivateKey();
    }

    private BootstrapTokens Tokens(DateTimeOffset at, byte[]? key = null) => new(key ?? caKey, Ttl, new FixedClock(at));

    [Fact]
    public void An_issued_token_checks_out_with_its_mac_and_expiry()
    {
        var tokens = Tokens(Now);

        var check = tokens.Check(tokens.Issue(Mac));

        Assert.Null(check.Refusal);
        Assert.Equal(Mac, check.Mac);
        Assert.Equal(Now + Ttl, check.Expires);
        Assert.False(string.IsNullOrEmpty(check.Nonce));
    }

    [Fact]
    public void The_token_has_the_protocol_shape_and_payload()
    {
        var token = Tokens(Now).Issue(Mac);

        Assert.Matches("^v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$", token);
        Assert.True(token.Length <= 512, $"{token.Length} chars");
        using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]));
        Assert.Equal(Mac, payload.RootElement.GetProperty("mac").GetString());
        Assert.Equal((Now + Ttl).ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal(16, Base64Url.DecodeFromChars(payload.RootElement.GetProperty("nonce").GetString()).Length);
    }

    [Fact]
    public void Two_tokens_for_one_mac_differ()
    {
        var tokens = Tokens(Now);

        Assert.NotEqual(tokens.Issue(Mac), tokens.Issue(Mac));
    }

    [Fact]
    public void A_token_expires_after_its_lifetime()
    {
        var token = Tokens(Now).Issue(Mac);

        Assert.Null(Tokens(Now + Ttl - TimeSpan.FromSeconds(1)).Check(token).Refusal);
        Assert.Equal("bootstrap token expired at 2026-11-23T18:15:00Z", Tokens(Now + Ttl).Check(token).Refusal);
        Assert.Equal("bootstrap token expired at 2026-11-23T18:15:00Z", Tokens(Now + TimeSpan.FromDays(1)).Check(token).Refusal);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(1, 20)]
    [InlineData(2, 0)]
    [InlineData(2, 10)]
    public void A_changed_character_in_payload_or_tag_is_not_valid(int part, int index)
    {
        var tokens = Tokens(Now);
        var parts = tokens.Issue(Mac).Split('.');
        var chars = parts[part].ToCharArray();
        chars[index] = chars[index] == 'A' ? 'B' : 'A';
        parts[part] = new string(chars);

        var refusal = tokens.Check(string.Join('.', parts)).Refusal;

        Assert.NotNull(refusal);
        Assert.Contains("not valid", refusal);
    }

    [Fact]
    public void A_payload_rewritten_to_another_mac_is_not_valid()
    {
        var tokens = Tokens(Now);
        var parts = tokens.Issue(Mac).Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[1])).Replace(Mac, "52:54:00:00:00:01");
        parts[1] = Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(payload));

        Assert.Contains("not valid", tokens.Check(string.Join('.', parts)).Refusal);
    }

    [Fact]
    public void A_token_from_another_ca_key_is_not_valid()
    {
        var other = Tokens(Now, NewCaKey()).Issue(Mac);

        var refusal = Tokens(Now).Check(other).Refusal;

        Assert.NotNull(refusal);
        Assert.Contains("not valid", refusal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1")]
    [InlineData("v2.abc.def")]
    [InlineData("v1.abc")]
    [InlineData("v1.a.b.c")]
    public void Garbage_is_refused_not_thrown(string token)
    {
        Assert.NotNull(Tokens(Now).Check(token).Refusal);
    }

    [Fact]
    public void A_spent_token_is_already_used_but_others_are_not()
    {
        var tokens = Tokens(Now);
        var token = tokens.Issue(Mac);
        var another = tokens.Issue(Mac);

        tokens.Spend(tokens.Check(token));

        Assert.Equal("bootstrap token was already used to enroll", tokens.Check(token).Refusal);
        Assert.Null(tokens.Check(another).Refusal);
    }

    [Fact]
    public void A_restarted_serve_with_the_same_ca_key_accepts_the_token()
    {
        var token = Tokens(Now).Issue(Mac);

        var check = Tokens(Now + TimeSpan.FromMinutes(5), [.. caKey]).Check(token);

        Assert.Null(check.Refusal);
        Assert.Equal(Mac, check.Mac);
    }

    [Fact]
    public void A_restarted_serve_loading_the_same_pki_directory_accepts_the_token()
    {
        using var site = new ServeTestSite();
        var clock = new FixedClock(Now);
        string token;
        using (var first = EnrollmentAuthority.Load(site.PkiDirectory, clock))
            token = new BootstrapTokens(first.CaKeyPkcs8, Ttl, clock).Issue(Mac);
        using var second = EnrollmentAuthority.Load(site.PkiDirectory, clock);

        Assert.Null(new BootstrapTokens(second.CaKeyPkcs8, Ttl, clock).Check(token).Refusal);
    }

    [Fact]
    public void A_lifetime_of_zero_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new BootstrapTokens(caKey, TimeSpan.Zero, new FixedClock(Now)));
    }
}
