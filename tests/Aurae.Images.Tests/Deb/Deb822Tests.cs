using Aurae.Images.Deb;

namespace Aurae.Images.Tests.Deb;

public sealed class Deb822Tests
{
    [Fact]
    public void Paragraphs_split_on_blank_lines_and_continuation_lines_join_their_field()
    {
        const string status = """
            Package: systemd-boot-efi
            Status: install ok installed
            Version: 252.31-1~deb12u1
            Description: UEFI boot manager
             systemd-boot is a simple UEFI boot manager.
             .
             It executes configured EFI images.

            package: isolinux
            Version: 3:6.04~git20190206.bf6db5b4+dfsg1-3

            """;
        var paragraphs = Deb822.Paragraphs(new StringReader(status)).ToList();

        Assert.Equal(2, paragraphs.Count);
        Assert.Equal("252.31-1~deb12u1", paragraphs[0]["Version"]);
        Assert.Equal("UEFI boot manager\nsystemd-boot is a simple UEFI boot manager.\n.\nIt executes configured EFI images.", paragraphs[0]["Description"]);
        // Field names compare case-insensitively.
        Assert.Equal("isolinux", paragraphs[1]["Package"]);
    }
}
