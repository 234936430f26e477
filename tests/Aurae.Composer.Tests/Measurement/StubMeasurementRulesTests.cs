using System.Security.Cryptography;
using System.Text;
using Aurae.Composer.Configuration;
using Aurae.Composer.Measurement;

namespace Aurae.Composer.Tests.Measurement;

/// <summary>The PCR extend and the section table, each checked on its own.</summary>
public sealed class StubMeasurementRulesTests
{
    [Fact]
    public void Extend_hashes_the_old_value_then_the_event_digest_starting_from_zeros()
    {
        // python3: sha256(bytes(32) + sha256(b'abc').digest()).hexdigest(), and the same with sha1 / bytes(20).
        Assert.Equal("589f9ffed4c477966bfb8d41f37895b08c69047df8f911d6f3b57fbe08faee8d",
            Convert.ToHexStringLower(PcrBank.Sha256.Extend(PcrBank.Sha256.Reset(), SHA256.HashData("abc"u8))));
        Assert.Equal("ccd5bd41458de644ac34a2478b58ff819bef5acf",
            Convert.ToHexStringLower(PcrBank.Sha1.Extend(PcrBank.Sha1.Reset(), SHA1.HashData("abc"u8))));
        Assert.Equal(new byte[32], PcrBank.Sha256.Reset());
        Assert.Equal(new byte[20], PcrBank.Sha1.Reset());
    }

    [Fact]
    public void The_table_is_v252s_unified_sections_and_pcrsig_alone_is_not_measured()
    {
        Assert.Equal([".linux", ".osrel", ".cmdline", ".initrd", ".splash", ".dtb", ".pcrsig", ".pcrpkey"], StubMeasuredSections.Table);
        Assert.Equal([".pcrsig"], StubMeasuredSections.Table.Where(name => !StubMeasuredSections.IsMeasured(name)));
        Assert.Equal(11, StubMeasuredSections.Pcr);
    }

    [Fact]
    public void The_stub_on_this_host_carries_the_tables_names_in_order_and_no_uname()
    {
        // unified_sections[] is an array of string literals, which the compiler lays out in order:
        // the stub's own bytes hold the table, NUL-terminated, as the v252 sources write it.
        var stub = File.ReadAllBytes(BootFilesConfig.Default.EfiStub);
        var table = Encoding.ASCII.GetBytes(string.Concat(StubMeasuredSections.Table.Select(name => name + "\0")));
        Assert.True(stub.AsSpan().IndexOf(table) >= 0, "the stub does not carry .linux\\0.osrel\\0…\\0.pcrpkey\\0 in a row");
        Assert.True(stub.AsSpan().IndexOf(".uname\0"u8) < 0, "this stub knows .uname: it is not 252's, whose rules we encode");
    }

    [Fact]
    public void The_name_event_is_the_name_and_its_nul()
    {
        Assert.Equal(".linux\0"u8.ToArray(), StubMeasuredSections.NameEvent(".linux"));
    }
}
