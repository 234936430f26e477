using System.Globalization;
using System.Text;

namespace Aurae.Images.Tests.TestSupport;

/// <summary>
/// A deliberately separate, minimal newc parser for tests, so assertions do not reuse the writer's code.
/// </summary>
internal static class NewcReader
{
    public sealed record Record(long Offset, uint[] Fields, string Name, byte[] Data)
    {
        public uint Ino => Fields[0];
        public uint Mode => Fields[1];
        public uint Uid => Fields[2];
        public uint Gid => Fields[3];
        public uint NLink => Fields[4];
        public uint MTime => Fields[5];
        public uint FileSize => Fields[6];
        public uint RDevMajor => Fields[9];
        public uint RDevMinor => Fields[10];
        public uint NameSize => Fields[11];
        public uint Check => Fields[12];
    }

    /// <summary>Parses up to and including the trailer; asserts alignment of every record.</summary>
    public static List<Record> Parse(byte[] archive)
    {
        var records = new List<Record>();
        int offset = 0;
        while (true)
        {
            Assert.True(offset % 4 == 0, $"Record at offset {offset} is not 4-byte aligned.");
            Assert.Equal("070701", Encoding.ASCII.GetString(archive, offset, 6));
            var fields = new uint[13];
            for (int i = 0; i < 13; i++)
            {
                string hex = Encoding.ASCII.GetString(archive, offset + 6 + (i * 8), 8);
                fields[i] = uint.Parse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
            }

            int nameSize = (int)fields[11];
            int nameStart = offset + 110;
            Assert.Equal(0, archive[nameStart + nameSize - 1]);
            string name = Encoding.UTF8.GetString(archive, nameStart, nameSize - 1);
            int dataStart = Align4(nameStart + nameSize);
            for (int i = nameStart + nameSize; i < dataStart; i++)
            {
                Assert.Equal(0, archive[i]);
            }

            int fileSize = (int)fields[6];
            byte[] data = archive.AsSpan(dataStart, fileSize).ToArray();
            int next = Align4(dataStart + fileSize);
            for (int i = dataStart + fileSize; i < next; i++)
            {
                Assert.Equal(0, archive[i]);
            }

            records.Add(new Record(offset, fields, name, data));
            offset = next;
            if (name == "TRAILER!!!")
            {
                return records;
            }
        }
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
