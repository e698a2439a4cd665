package org.metagov.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** One network an operator allows, e.g. {@code 10.20.0.0/16} or {@code fd12:3456::/32}. */
public record Cidr(byte[] network, int prefixLength) {

    /**
     * @param text an address literal with {@code /prefix} (a bare address is a single host)
     * @throws IllegalArgumentException naming the text, for a setting that cannot work
     */
    public static Cidr parse(String text) {
        String trimmed = text.trim();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        if (address.isEmpty() || !(address.contains(":") || address.chars().allMatch(c -> c == '.'
                || Character.isDigit(c)))) {
            throw new IllegalArgumentException("'" + text + "' is not a network (address/prefix)");
        }
        byte[] bytes;
        try {
            // a literal: getByName does no lookup for it
            bytes = AddressPolicy.unmapped(InetAddress.getByName(address)).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not a network (address/prefix)");
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0.." + bytes.length * 8);
        }
        return new Cidr(bytes, prefix);
    }

    /** IPv4-mapped IPv6 addresses are compared as the IPv4 address they carry. */
    public boolean contains(InetAddress address) {
        byte[] candidate = AddressPolicy.unmapped(address).getAddress();
        if (candidate.length != network.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (candidate[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[full] & mask) == (network[full] & mask);
    }
}
