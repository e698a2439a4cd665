package org.metagov.community.repository;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;

@Entity
@Table(name = "plugin_instance")
public class PluginInstanceEntity extends PanacheEntityBase {
    @Id
    public String id;

    @ManyToOne
    @JoinColumn(name = "community_slug")
    public CommunityEntity community;

    @Column(name = "plugin_name")
    public String pluginName;

    /** The id drivers see (a JSON integer, as upstream's): random, unique, below 2^53; {@link #id} stays the key. */
    @Column(name = "public_id")
    public long publicId;

    /** The community's id on the platform, or null; rows older than the column have it only in their config. */
    @Column(name = "community_platform_id")
    public String communityPlatformId;

    /** Names this instance in a community hook URL ({@code /{webhook_slug}}) when the config sets none. */
    @Column(name = "hook_slug")
    public String hookSlug;

    /** JSON text, secrets included: never returned as stored. */
    public String config;

    @Column(name = "created_at")
    public Instant createdAt;
}
